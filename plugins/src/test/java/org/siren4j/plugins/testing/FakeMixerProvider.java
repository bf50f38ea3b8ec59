package org.siren4j.plugins.testing;

import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.spi.MixerProvider;

/**
 * A sound card for tests (registered in META-INF/services on the test class path): one mixer whose
 * {@link SourceDataLine} records every byte written, so the javax.sound output path runs without a device.
 */
public final class FakeMixerProvider extends MixerProvider {
    public static final Mixer.Info INFO = new Mixer.Info("siren-test", "siren4j tests", "records what is played", "1") {};
    public static final ByteArrayOutputStream PLAYED = new ByteArrayOutputStream();
    public static volatile AudioFormat format;
    private static final FakeMixer MIXER = new FakeMixer();

    @Override public Mixer.Info[] getMixerInfo() { return new Mixer.Info[] {INFO}; }

    @Override public Mixer getMixer(Mixer.Info info) {
        if (info != null && info != INFO) throw new IllegalArgumentException("not this provider's mixer");
        return MIXER;
    }

    static final class FakeMixer implements Mixer {
        final DataLine.Info lineInfo = new DataLine.Info(SourceDataLine.class, new AudioFormat[] {
                new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, AudioSystemNotSpecified.RATE, 16, AudioSystemNotSpecified.CH,
                        AudioSystemNotSpecified.FRAME, AudioSystemNotSpecified.RATE, false)}, 0, 1 << 20);

        @Override public Info getMixerInfo() { return INFO; }
        @Override public Line.Info[] getSourceLineInfo() { return new Line.Info[] {lineInfo}; }
        @Override public Line.Info[] getTargetLineInfo() { return new Line.Info[0]; }
        @Override public Line.Info[] getSourceLineInfo(Line.Info info) { return isLineSupported(info) ? getSourceLineInfo() : new Line.Info[0]; }
        @Override public Line.Info[] getTargetLineInfo(Line.Info info) { return new Line.Info[0]; }
        @Override public boolean isLineSupported(Line.Info info) { return info.getLineClass().isAssignableFrom(SourceDataLine.class) || SourceDataLine.class.isAssignableFrom(info.getLineClass()); }
        @Override public Line getLine(Line.Info info) throws LineUnavailableException {
            if (!isLineSupported(info)) throw new IllegalArgumentException("unsupported line " + info);
            return new RecordingLine(lineInfo);
        }
        @Override public int getMaxLines(Line.Info info) { return -1; }
        @Override public Line[] getSourceLines() { return new Line[0]; }
        @Override public Line[] getTargetLines() { return new Line[0]; }
        @Override public void synchronize(Line[] lines, boolean maintainSync) { throw new IllegalArgumentException(); }
        @Override public void unsynchronize(Line[] lines) {}
        @Override public boolean isSynchronizationSupported(Line[] lines, boolean maintainSync) { return false; }
        @Override public Line.Info getLineInfo() { return new Line.Info(Mixer.class); }
        @Override public void open() {}
        @Override public void close() {}
        @Override public boolean isOpen() { return true; }
        @Override public Control[] getControls() { return new Control[0]; }
        @Override public boolean isControlSupported(Control.Type control) { return false; }
        @Override public Control getControl(Control.Type control) { throw new IllegalArgumentException(); }
        @Override public void addLineListener(LineListener listener) {}
        @Override public void removeLineListener(LineListener listener) {}
    }

    /** AudioSystem.NOT_SPECIFIED under readable names. */
    static final class AudioSystemNotSpecified {
        static final float RATE = javax.sound.sampled.AudioSystem.NOT_SPECIFIED;
        static final int CH = javax.sound.sampled.AudioSystem.NOT_SPECIFIED, FRAME = javax.sound.sampled.AudioSystem.NOT_SPECIFIED;
    }

    static final class RecordingLine implements SourceDataLine {
        final DataLine.Info info;
        AudioFormat fmt;
        boolean open, running;
        long frames;

        RecordingLine(DataLine.Info info) { this.info = info; }

        @Override public void open(AudioFormat format, int bufferSize) { open(format); }
        @Override public void open(AudioFormat format) {
            fmt = format;
            FakeMixerProvider.format = format;
            synchronized (PLAYED) { PLAYED.reset(); }
            open = true;
        }
        @Override public int write(byte[] b, int off, int len) {
            synchronized (PLAYED) { PLAYED.write(b, off, len); }
            frames += len / fmt.getFrameSize();
            return len;
        }
        @Override public void drain() {}
        @Override public void flush() {}
        @Override public void start() { running = true; }
        @Override public void stop() { running = false; }
        @Override public boolean isRunning() { return running; }
        @Override public boolean isActive() { return running; }
        @Override public AudioFormat getFormat() { return fmt; }
        @Override public int getBufferSize() { return 1 << 16; }
        @Override public int available() { return 1 << 16; }
        @Override public int getFramePosition() { return (int) frames; }
        @Override public long getLongFramePosition() { return frames; }
        @Override public long getMicrosecondPosition() { return (long) (frames * 1e6 / fmt.getFrameRate()); }
        @Override public float getLevel() { return AudioSystemNotSpecified.RATE; }
        @Override public Line.Info getLineInfo() { return info; }
        @Override public void open() throws LineUnavailableException { throw new LineUnavailableException("open with a format"); }
        @Override public void close() { open = false; }
        @Override public boolean isOpen() { return open; }
        @Override public Control[] getControls() { return new Control[0]; }
        @Override public boolean isControlSupported(Control.Type control) { return false; }
        @Override public Control getControl(Control.Type control) { throw new IllegalArgumentException(); }
        @Override public void addLineListener(LineListener listener) {}
        @Override public void removeLineListener(LineListener listener) {}
    }
}
