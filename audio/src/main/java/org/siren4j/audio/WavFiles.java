package org.siren4j.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.siren4j.core.ModelFile;

/** WAV through javax.sound; files are written whole to a temp file and renamed into place. */
public final class WavFiles {
    private WavFiles() {}

    /** A decoded clip: samples[channel][frame] in [-1, 1]. */
    public record Clip(int sampleRate, double[][] samples) {
        public int frames() { return samples[0].length; }

        /** The channels averaged into one. */
        public double[] mono() {
            double[] m = new double[frames()];
            for (double[] ch : samples) for (int i = 0; i < m.length; i++) m[i] += ch[i] / samples.length;
            return m;
        }
    }

    /** Reads integer PCM (8/16/24/32-bit) or 32/64-bit float WAV; the error names the file and the fault. */
    public static Clip read(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            int bytes = f.getSampleSizeInBits() / 8, ch = f.getChannels();
            if (bytes < 1 || ch < 1 || f.getFrameSize() != bytes * ch)
                throw new IOException(file + ": unsupported sample layout " + f);
            byte[] data = in.readAllBytes();
            int frames = data.length / f.getFrameSize();
            double[][] out = new double[ch][frames];
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(data).order(f.isBigEndian() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
            AudioFormat.Encoding enc = f.getEncoding();
            for (int i = 0; i < frames; i++)
                for (int c = 0; c < ch; c++) {
                    int at = (i * ch + c) * bytes;
                    double v;
                    if (enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
                        v = bytes == 4 ? bb.getFloat(at) : bb.getDouble(at);
                    } else if (enc.equals(AudioFormat.Encoding.PCM_SIGNED) || enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
                        long x = 0;
                        for (int k = 0; k < bytes; k++) {
                            int b = data[at + (f.isBigEndian() ? k : bytes - 1 - k)] & 0xff;
                            x = (x << 8) | b;
                        }
                        if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) x -= 1L << (8 * bytes - 1);
                        else x = (x << (64 - 8 * bytes)) >> (64 - 8 * bytes);
                        v = x / (double) (1L << (8 * bytes - 1));
                    } else {
                        throw new IOException(file + ": unsupported WAV encoding " + enc);
                    }
                    out[c][i] = v;
                }
            return new Clip((int) f.getSampleRate(), out);
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(file + ": not a readable WAV file (" + e.getMessage() + ")");
        }
    }

    /** Mono 16-bit PCM with TPDF-free plain rounding; samples outside [-1, 1] are clipped. */
    public static void write16(Path file, double[] samples, int sampleRate) throws IOException {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            double v = Math.max(-1, Math.min(1, samples[i]));
            int s = (int) Math.round(v * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length + 64);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), fmt, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        }
        ModelFile.writeAtomically(file, out.toByteArray());
    }
}
