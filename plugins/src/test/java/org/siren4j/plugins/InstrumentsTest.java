package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.SessionReader;

class InstrumentsTest {
    @TempDir Path dir;

    Clip bounce(String json) throws Exception {
        Files.writeString(dir.resolve("s.json"), json);
        Path out = dir.resolve("out.wav");
        Bounce.Result r = Bounce.toWav(SessionReader.read(dir.resolve("s.json")), out, 256, WavWriter.Format.FLOAT32,
                new Analyses(dir.resolve("cache"), true, (w, f) -> {}), (n, t) -> {});
        assertThat(r.failures()).isEmpty();
        return AudioFiles.read(out);
    }

    @Test
    void theSamplerPlaysEachNoteAtItsPitchFromTheSiren() throws Exception {
        // a 440 Hz tone with a second harmonic, root key 69 (A4); notes an octave down, at the root, a fifth and an octave up
        int rate = 22050, n = rate / 4; // short: the analysis fits it (4 segments)
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / rate) + 0.1 * Math.sin(2 * Math.PI * 880 * i / rate + 0.3);
        WavWriter.write(dir.resolve("a4.wav"), Clip.mono(rate, x), WavWriter.Format.FLOAT32);
        int[] keys = {57, 69, 76, 81};
        StringBuilder notes = new StringBuilder();
        for (int k = 0; k < keys.length; k++)
            notes.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"time\": %d, \"duration\": 0.12, \"pitch\": %d, \"velocity\": 127}", k, keys[k]));
        Clip out = bounce("{\"sampleRate\": 48000, \"tracks\": [{\"instrument\": {\"plugin\": \"siren.sampler\", \"sample\": \"a4.wav\","
                + " \"params\": {\"root\": 69, \"attack_ms\": 1, \"release_ms\": 20}}, \"notes\": [" + notes + "]}]}");
        double[] y = out.samples()[0];
        for (int k = 0; k < keys.length; k++) {
            double want = 440 * Math.pow(2, (keys[k] - 69) / 12.0);
            double f = Pitch.frequency(y, 48000, k * 48000 + 960, k * 48000 + 5280, want); // 0.09 s of the held note
            double h = Pitch.frequency(y, 48000, k * 48000 + 960, k * 48000 + 5280, 2 * want);
            assertThat(Pitch.cents(h, 2 * want)).as("key %d: second harmonic %.3f Hz", keys[k], h).isCloseTo(0, offset(1.0));
            System.out.printf(Locale.ROOT, "siren.sampler key %d: %.4f Hz, %+.3f cents; 2nd harmonic %+.3f cents%n", keys[k], f, Pitch.cents(f, want), Pitch.cents(h, 2 * want));
            assertThat(Pitch.cents(f, want)).as("key %d: %.3f Hz against %.3f", keys[k], f, want).isCloseTo(0, offset(1.0));
        }
        // between notes (after the release) the output is silent
        for (int i = 48000 - 1000; i < 48000; i++) assertThat(y[i]).isZero();
    }

    @Test
    void theStringPlaysItsPitchMatchesTheModalSolutionAndDecays() throws Exception {
        // A3 (220 Hz), no extra mode loss: the wave equation with damping D, whose exact answer is the modal series
        double d = 3;
        Clip out = bounce("{\"sampleRate\": 48000, \"tracks\": [{\"instrument\": {\"plugin\": \"siren.string\", \"params\": "
                + "{\"brightness\": 1, \"damping\": " + d + ", \"velocity\": 0, \"gain_db\": 0, \"pickup\": 0.1}},"
                + " \"notes\": [{\"time\": 0, \"duration\": 1.0, \"pitch\": 57, \"velocity\": 100},"
                + "               {\"time\": 1.5, \"duration\": 1.0, \"pitch\": 64, \"velocity\": 100}]}]}");
        double[] y = out.samples()[0];
        org.siren4j.pde.PluckedString s = new org.siren4j.pde.PluckedString(2 * 0.2 - 1, 2 * 0.05, 1);
        int n = 48000;
        double[] exact = new double[n];
        for (int i = 0; i < n; i++) exact[i] = s.exact(2 * 0.1 - 1, i / 48000.0, 220, d);
        double num = 0, den = 0;
        int onset = 96; // the instrument's 2 ms fade-in (the pickup sees the string already displaced) is not physics
        for (int i = onset; i < n; i++) { num += y[i] * exact[i]; den += exact[i] * exact[i]; }
        double scale = num / den, err = 0, ref = 0;
        for (int i = onset; i < n; i++) { err += Math.pow(y[i] - scale * exact[i], 2); ref += Math.pow(scale * exact[i], 2); }
        assertThat(Math.sqrt(err / ref)).as("rel L2 against the modal solution over 220 periods").isLessThan(0.05);
        System.out.printf(Locale.ROOT, "siren.string A3, D = %.0f: rel L2 %.4f against the modal solution over 220 periods%n", d, Math.sqrt(err / ref));
        // pitch within 5 cents at both notes
        assertThat(Pitch.cents(Pitch.frequency(y, 48000, 2400, 26400, 220), 220)).isCloseTo(0, offset(5.0));
        System.out.printf(Locale.ROOT, "siren.string pitch: A3 %+.3f cents, E4 %+.3f cents%n", Pitch.cents(Pitch.frequency(y, 48000, 2400, 26400, 220), 220),
                Pitch.cents(Pitch.frequency(y, 48000, 72000 + 2400, 72000 + 26400, 220 * Math.pow(2, 7 / 12.0)), 220 * Math.pow(2, 7 / 12.0)));
        double e4 = 220 * Math.pow(2, 7 / 12.0);
        assertThat(Pitch.cents(Pitch.frequency(y, 48000, 72000 + 2400, 72000 + 26400, e4), e4)).isCloseTo(0, offset(5.0));
        // the decay is monotone: RMS over whole periods (of 220 Hz: 10 periods = 2181.8 samples ~ 2182) falls window by window
        double last = Double.POSITIVE_INFINITY;
        for (int w = 0; w + 1 < 20; w++) {
            double rms = 0;
            for (int i = w * 2182; i < (w + 1) * 2182; i++) rms += y[i] * y[i];
            assertThat(rms).as("window %d", w).isLessThan(last);
            last = rms;
        }
        // after the note-off (1.0 s) the release silences it within 150 ms, to -60 dB of the note
        double tailRms = 0, noteRms = 0;
        for (int i = 48000 + 7200; i < 48000 + 9600; i++) tailRms += y[i] * y[i];
        for (int i = 40000; i < 42400; i++) noteRms += y[i] * y[i];
        assertThat(10 * Math.log10(tailRms / noteRms)).isLessThan(-55);
    }
}
