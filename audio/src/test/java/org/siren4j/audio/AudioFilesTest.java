package org.siren4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every encoding the reader promises, against files made by javax.sound's own writers or byte by byte from
 * the format's definition (not by our writer), and our writer read back by both.
 */
public class AudioFilesTest {
    @TempDir Path dir;

    static double[][] tone(int channels, int n) {
        double[][] x = new double[channels][n];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < n; i++) x[c][i] = 0.8 * Math.sin(2 * Math.PI * (440 + 110 * c) * i / 8000.0);
        return x;
    }

    /** Integer PCM through javax.sound's writer: WAV, AIFF, AU; 8 (unsigned), 16, 24, 32 bits; 1-2 channels. */
    @Test
    void readsWhatJavaxSoundWrites() throws IOException {
        record Case(AudioFileFormat.Type type, int bits, int channels, boolean signed, boolean big) {}
        Case[] cases = {
                new Case(AudioFileFormat.Type.WAVE, 8, 1, false, false), new Case(AudioFileFormat.Type.WAVE, 16, 2, true, false),
                new Case(AudioFileFormat.Type.WAVE, 24, 1, true, false), new Case(AudioFileFormat.Type.WAVE, 32, 2, true, false),
                new Case(AudioFileFormat.Type.AIFF, 16, 2, true, true), new Case(AudioFileFormat.Type.AU, 16, 1, true, true),
                new Case(AudioFileFormat.Type.AU, 24, 1, true, true)};
        for (Case k : cases) {
            double[][] x = tone(k.channels, 400);
            int bytes = k.bits / 8;
            ByteBuffer b = ByteBuffer.allocate(400 * k.channels * bytes);
            double full = Math.scalb(1.0, k.bits - 1);
            for (int i = 0; i < 400; i++)
                for (int c = 0; c < k.channels; c++) {
                    long q = Math.round(x[c][i] * full) + (k.signed ? 0 : (long) full);
                    for (int j = 0; j < bytes; j++) b.put((byte) (q >> (8 * (k.big ? bytes - 1 - j : j))));
                }
            AudioFormat f = new AudioFormat(k.signed ? AudioFormat.Encoding.PCM_SIGNED : AudioFormat.Encoding.PCM_UNSIGNED,
                    8000, k.bits, k.channels, bytes * k.channels, 8000, k.big);
            Path p = dir.resolve("t" + k.bits + k.type + k.channels + "." + k.type.getExtension());
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(b.array()), f, 400), k.type, p.toFile());
            Clip c = AudioFiles.read(p);
            assertThat(c.sampleRate()).isEqualTo(8000);
            assertThat(c.channels()).isEqualTo(k.channels);
            assertThat(c.frames()).isEqualTo(400);
            for (int ch = 0; ch < k.channels; ch++)
                for (int i = 0; i < 400; i++) assertThat(c.samples()[ch][i]).as(k + " frame " + i).isCloseTo(x[ch][i], org.assertj.core.data.Offset.offset(0.51 / full + 1e-12));
        }
    }

    /** A WAV byte by byte: format tag, bits, channels, sample bytes; optionally WAVE_FORMAT_EXTENSIBLE. */
    static byte[] wav(int tag, int bits, int channels, int rate, byte[] data, boolean extensible) {
        int fmt = extensible ? 40 : (tag == 1 ? 16 : 18);
        ByteBuffer h = ByteBuffer.allocate(12 + 8 + fmt + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(4 + 8 + fmt + 8 + data.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(fmt);
        int bpf = channels * bits / 8;
        h.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels).putInt(rate).putInt(rate * bpf).putShort((short) bpf).putShort((short) bits);
        if (extensible) {
            h.putShort((short) 22).putShort((short) bits).putInt(0);
            h.putInt(tag).putShort((short) 0).putShort((short) 0x10).put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xaa, 0, 0x38, (byte) 0x9b, 0x71});
        } else if (fmt == 18) {
            h.putShort((short) 0);
        }
        h.put("data".getBytes()).putInt(data.length).put(data);
        return h.array();
    }

    static byte[] floats(double[][] x, boolean dbl) {
        int n = x[0].length;
        ByteBuffer b = ByteBuffer.allocate(n * x.length * (dbl ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) for (double[] ch : x) { if (dbl) b.putDouble(ch[i]); else b.putFloat((float) ch[i]); }
        return b.array();
    }

    @Test
    void readsFloatWavsAndExtensible() throws IOException {
        double[][] x = tone(2, 300);
        Object[][] cases = {{32, false, false}, {64, true, false}, {32, false, true}, {64, true, true}};
        for (Object[] k : cases) {
            Path p = dir.resolve("f" + k[0] + k[2] + ".wav");
            Files.write(p, wav(3, (int) k[0], 2, 44100, floats(x, (boolean) k[1]), (boolean) k[2]));
            Clip c = AudioFiles.read(p);
            assertThat(c.sampleRate()).isEqualTo(44100);
            for (int i = 0; i < 300; i++)
                assertThat(c.samples()[1][i]).as(java.util.Arrays.toString(k)).isCloseTo(x[1][i], org.assertj.core.data.Offset.offset((boolean) k[1] ? 1e-15 : 1e-7));
        }
        // extensible integer PCM with four channels
        ByteBuffer b = ByteBuffer.allocate(4 * 2 * 10).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) for (int c = 0; c < 4; c++) b.putShort((short) (1000 * c - i));
        Path p = dir.resolve("ext4.wav");
        Files.write(p, wav(1, 16, 4, 48000, b.array(), true));
        Clip c = AudioFiles.read(p);
        assertThat(c.channels()).isEqualTo(4);
        assertThat(c.samples()[3][7] * 32768).isEqualTo(2993.0);
    }

    @Test
    void writerRoundTripsEveryFormatAndChannelCount() throws Exception {
        for (WavWriter.Format f : WavWriter.Format.values())
            for (int ch : new int[] {1, 2, 6}) {
                double[][] x = tone(ch, 1000);
                Path p = dir.resolve(f + "_" + ch + ".wav");
                WavWriter.write(p, new Clip(22050, x), f);
                Clip c = AudioFiles.read(p);
                assertThat(c.channels()).isEqualTo(ch);
                assertThat(c.sampleRate()).isEqualTo(22050);
                double tol = switch (f) { case PCM16 -> 1.51 / 32768; case PCM24 -> 0.51 / 8388608; case FLOAT32 -> 1e-7; };
                for (int k = 0; k < ch; k++)
                    for (int i = 0; i < 1000; i++) assertThat(Math.abs(c.samples()[k][i] - x[k][i])).as(f + " x" + ch).isLessThanOrEqualTo(tol);
                // javax.sound agrees on the layout too
                try (AudioInputStream in = AudioSystem.getAudioInputStream(p.toFile())) {
                    assertThat(in.getFormat().getChannels()).isEqualTo(ch);
                    assertThat(in.getFrameLength()).isEqualTo(1000);
                }
            }
        assertThat(dir.toFile().list((d, n) -> n.endsWith(".tmp"))).isEmpty();
    }

    /** TPDF dither: the error is zero-mean with variance 1/4 LSB^2 (1/6 from the dither, 1/12 from rounding). */
    @Test
    void pcm16DitherIsTriangular() throws IOException {
        int n = 200_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.3 * Math.sin(0.001 * i) + 0.1234 / 32768;
        Path p = dir.resolve("d.wav");
        WavWriter.write(p, Clip.mono(48000, x), WavWriter.Format.PCM16);
        double[] y = AudioFiles.read(p).samples()[0];
        double mean = 0, var = 0;
        for (int i = 0; i < n; i++) { double e = (y[i] - x[i]) * 32768; mean += e / n; var += e * e / n; }
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(var).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void uncommittedWriterLeavesNothing() throws IOException {
        Path p = dir.resolve("never.wav");
        try (WavWriter w = new WavWriter(p, 8000, 1, WavWriter.Format.PCM16)) {
            w.write(new double[100], 0, 100);
        }
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void badInputsGiveOneLineNamingTheFileAndFault() throws IOException {
        Path good = dir.resolve("good.wav");
        WavWriter.write(good, Clip.mono(8000, tone(1, 1000)[0]), WavWriter.Format.PCM16);
        byte[] g = Files.readAllBytes(good);
        double[][] nan = tone(1, 10);
        nan[0][4] = Double.NaN;
        Object[][] cases = {
                {"missing.wav", null, "no such file"},
                {"text.wav", "hello, this is not a sound file at all, just words".getBytes(), "not a readable audio file"},
                {"empty.wav", new byte[0], "empty file"},
                {"cuthead.wav", java.util.Arrays.copyOf(g, 30), "truncated header"},
                {"cutdata.wav", java.util.Arrays.copyOf(g, g.length - 500), "truncated data"},
                {"zero.wav", wav(1, 16, 1, 8000, new byte[0], false), "no samples"},
                {"nan.wav", wav(3, 32, 1, 8000, floats(nan, false), false), "NaN sample at frame 4"},
                {"rate.wav", wav(1, 16, 1, 3, new byte[20], false), "absurd sample rate"},
                {"adpcm.wav", wav(2, 4, 1, 8000, new byte[20], false), "not a readable audio file"},
        };
        for (Object[] k : cases) {
            Path p = dir.resolve((String) k[0]);
            if (k[1] != null) Files.write(p, (byte[]) k[1]);
            assertThatThrownBy(() -> AudioFiles.read(p)).as((String) k[0]).isInstanceOf(AudioFiles.BadAudioException.class)
                    .hasMessageStartingWith(p.toString()).hasMessageContaining((String) k[2]).hasMessageNotContaining("\n");
        }
    }
}
