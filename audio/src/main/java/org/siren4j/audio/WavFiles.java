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

/** WAV output through javax.sound; files are written whole to a temp file and renamed into place. */
public final class WavFiles {
    private WavFiles() {}

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
