package org.siren4j.plugins.host;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.siren4j.plugins.RenderMode;
import org.siren4j.plugins.analysis.Analyses;

/**
 * Live play through javax.sound: an audio thread pulls blocks from the {@link Mixer} and writes them to a
 * {@link SourceDataLine}, whose blocking write paces it in real time. Analyses run on their own worker (a clip
 * plays dry until its analysis is done); nothing on the audio thread allocates or waits for them.
 */
public final class LiveOutput {
    /** No device to play on: said in one line. */
    public static final class NoDeviceException extends Exception {
        public NoDeviceException(String message) { super(message); }
    }

    public record Result(double seconds, String device, List<String> failures) {}

    private LiveOutput() {}

    /** The first device whose name contains {@code device} and that plays {@code fmt}; its absence says which devices there are. */
    static javax.sound.sampled.Mixer.Info named(String device, AudioFormat fmt) throws NoDeviceException {
        javax.sound.sampled.DataLine.Info wanted = new javax.sound.sampled.DataLine.Info(SourceDataLine.class, fmt);
        List<String> all = new java.util.ArrayList<>();
        for (javax.sound.sampled.Mixer.Info i : AudioSystem.getMixerInfo()) {
            if (!AudioSystem.getMixer(i).isLineSupported(wanted)) continue;
            if (i.getName().toLowerCase(Locale.ROOT).contains(device.toLowerCase(Locale.ROOT))) return i;
            all.add(i.getName());
        }
        throw new NoDeviceException(String.format(Locale.ROOT, "no audio output named '%s' plays %d Hz 16-bit %s (javax.sound has %s); bounce with -o MIX.wav instead",
                device, (int) fmt.getSampleRate(), fmt.getChannels() == 1 ? "mono" : "stereo", all.isEmpty() ? "none that does" : String.join(", ", all)));
    }

    /** Plays the whole session (content and tails) on the default line for its format, 16-bit PCM. */
    public static Result playOnLine(Session s, int block, Analyses live, PrintStream status)
            throws SessionException, NoDeviceException, InterruptedException {
        return playOnLine(s, block, live, status, null);
    }

    /** As above, on the first javax.sound device whose name contains {@code deviceName} (any case; null: the default line). */
    public static Result playOnLine(Session s, int block, Analyses live, PrintStream status, String deviceName)
            throws SessionException, NoDeviceException, InterruptedException {
        try (Mixer m = new Mixer(s, new Mixer.Options(block, RenderMode.REALTIME, live))) {
            AudioFormat fmt = new AudioFormat(m.sampleRate(), 16, m.channels(), true, false);
            SourceDataLine line;
            try {
                line = deviceName == null ? AudioSystem.getSourceDataLine(fmt) : AudioSystem.getSourceDataLine(fmt, named(deviceName, fmt));
                line.open(fmt, Math.max(4 * block, m.sampleRate() / 10) * fmt.getFrameSize()); // ~100 ms of buffer
            } catch (IllegalArgumentException | LineUnavailableException | SecurityException e) {
                throw new NoDeviceException(String.format(Locale.ROOT, "no audio output: javax.sound has no line for %d Hz 16-bit %s (%s); bounce with -o MIX.wav instead",
                        m.sampleRate(), m.channels() == 1 ? "mono" : "stereo", e.getMessage()));
            }
            String device = line.getLineInfo().toString();
            long[] frames = {0};
            Throwable[] failed = {null};
            Thread audio = new Thread(() -> {
                float[][] buf = new float[m.channels()][block];
                byte[] bytes = new byte[block * fmt.getFrameSize()];
                try {
                    line.start();
                    for (int n; (n = m.render(buf, block)) > 0; ) {
                        toPcm16(buf, n, bytes);
                        line.write(bytes, 0, n * fmt.getFrameSize());
                        frames[0] += n;
                    }
                    line.drain();
                } catch (RuntimeException e) {
                    failed[0] = e;
                } finally {
                    line.close();
                }
            }, "siren-audio");
            audio.setPriority(Thread.MAX_PRIORITY);
            long t0 = System.nanoTime();
            audio.start();
            while (audio.isAlive()) {
                audio.join(500);
                if (status != null) status.printf(Locale.ROOT, "\rplaying %.1f / %.1f s", frames[0] / (double) m.sampleRate(), m.length() / (double) m.sampleRate());
            }
            if (status != null) status.println();
            if (failed[0] != null) throw new IllegalStateException("live output failed: " + failed[0], failed[0]);
            return new Result((System.nanoTime() - t0) * 1e-9, device, m.failures());
        }
    }

    /** Interleaved little-endian 16-bit PCM, clipped and rounded. */
    static void toPcm16(float[][] buf, int n, byte[] bytes) {
        int ch = buf.length, k = 0;
        for (int i = 0; i < n; i++)
            for (int c = 0; c < ch; c++) {
                float v = Math.max(-1f, Math.min(1f, buf[c][i]));
                int s = Math.round(v * 32767f);
                bytes[k++] = (byte) s;
                bytes[k++] = (byte) (s >> 8);
            }
    }

}
