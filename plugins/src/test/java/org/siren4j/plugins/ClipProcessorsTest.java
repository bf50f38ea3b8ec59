package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.SessionReader;

/** Whole-clip SIREN effects: analysed once, cached beside the session, rendered cheaply. */
class ClipProcessorsTest {
    @TempDir Path dir;

    Bounce.Result bounce(String json, Path out, Analyses an) throws Exception {
        Files.writeString(dir.resolve("s.json"), json);
        Bounce.Result r = Bounce.toWav(SessionReader.read(dir.resolve("s.json")), out, 256, WavWriter.Format.FLOAT32, an, (n, t) -> {});
        assertThat(r.failures()).isEmpty();
        return r;
    }

    static double snrDb(double[] clean, double[] y, int from, int to) {
        double s = 0, e = 0;
        for (int i = from; i < to; i++) { s += clean[i] * clean[i]; e += (y[i] - clean[i]) * (y[i] - clean[i]); }
        return 10 * Math.log10(s / e);
    }

    @Test
    void denoiseCleansAClipAndTheSecondBounceComesFromTheCache() throws Exception {
        int rate = 16000, n = 8000;
        double[] clean = new double[n], noisy = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            clean[i] = 0.3 * Math.sin(2 * Math.PI * 300 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 2 * t)) + 0.1 * Math.sin(2 * Math.PI * 750 * t);
            noisy[i] = clean[i] + 0.07 * r.nextGaussian();
        }
        WavWriter.write(dir.resolve("noisy.wav"), Clip.mono(rate, noisy), WavWriter.Format.FLOAT32);
        String json = "{\"sampleRate\": 16000, \"tracks\": [{\"clips\": [{\"file\": \"noisy.wav\", \"start\": 0.25}], \"inserts\": [{\"plugin\": \"siren.denoise\"}]}]}";
        Analyses first = new Analyses(Analyses.besideSession(dir.resolve("s.json")), true, (w, f) -> {});
        bounce(json, dir.resolve("a.wav"), first);
        assertThat(first.computed()).isEqualTo(1);
        double[] y = AudioFiles.read(dir.resolve("a.wav")).samples()[0];
        double[] shifted = new double[y.length], noisyShifted = new double[y.length];
        System.arraycopy(clean, 0, shifted, 4000, n);
        System.arraycopy(noisy, 0, noisyShifted, 4000, n);
        double before = snrDb(shifted, noisyShifted, 4000 + 1600, 4000 + n - 1600), after = snrDb(shifted, y, 4000 + 1600, 4000 + n - 1600);
        assertThat(after - before).as("SNR %.2f -> %.2f dB", before, after).isGreaterThan(6);
        System.out.printf(java.util.Locale.ROOT, "siren.denoise: SNR %.2f -> %.2f dB%n", before, after);
        for (int i = 0; i < 4000; i++) assertThat(y[i]).isZero(); // the clip plays where it is placed
        Analyses second = new Analyses(Analyses.besideSession(dir.resolve("s.json")), true, (w, f) -> {});
        bounce(json, dir.resolve("b.wav"), second);
        assertThat(second.computed()).isZero();
        assertThat(second.reused()).isEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("b.wav"))).isEqualTo(Files.readAllBytes(dir.resolve("a.wav")));
    }

    @Test
    void restoreRepairsClicksAndLeavesEveryOtherSampleAsItWas() throws Exception {
        int rate = 16000, n = 8000;
        double[] clean = new double[n], clicked = new double[n];
        boolean[] near = new boolean[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            clean[i] = 0.3 * Math.sin(2 * Math.PI * 300 * t) + 0.1 * Math.sin(2 * Math.PI * 750 * t + 1);
        }
        System.arraycopy(clean, 0, clicked, 0, n);
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 12; k++) { // a click every 40 ms, 6-20 samples of alternating impulses
            int at = 300 + 600 * k + r.nextInt(100), len = 6 + r.nextInt(15);
            for (int i = 0; i < len; i++) clicked[at + i] += (i % 2 == 0 ? 0.4 : -0.35) * Math.sin(Math.PI * (i + 1) / (len + 1));
            for (int i = Math.max(0, at - 12); i < Math.min(n, at + len + 12); i++) near[i] = true;
        }
        WavWriter.write(dir.resolve("clicked.wav"), Clip.mono(rate, clicked), WavWriter.Format.FLOAT32);
        String json = "{\"sampleRate\": 16000, \"tracks\": [{\"clips\": [{\"file\": \"clicked.wav\"}], \"inserts\": [{\"plugin\": \"siren.restore\"}]}]}";
        bounce(json, dir.resolve("r.wav"), new Analyses(Analyses.besideSession(dir.resolve("s.json")), true, (w, f) -> {}));
        double[] y = AudioFiles.read(dir.resolve("r.wav")).samples()[0];
        double before = snrDb(clean, clicked, 0, n), after = snrDb(clean, y, 0, n);
        assertThat(after - before).as("SNR %.2f -> %.2f dB", before, after).isGreaterThan(20);
        for (int i = 0; i < n; i++) if (!near[i]) assertThat(y[i]).as("sample %d", i).isEqualTo((double) (float) clicked[i]);
    }

    @Test
    void theCacheKeyFollowsTheClipAndTheAnalysisParametersOnly() {
        Analysing.ClipAudio a = new Analysing.ClipAudio(16000, new float[][] {{0.1f, 0.2f, 0.3f}}), b = new Analysing.ClipAudio(16000, new float[][] {{0.1f, 0.2f, 0.30001f}});
        Analysing p = (Analysing) Plugins.create("siren.denoise");
        String k = org.siren4j.plugins.analysis.Analyses.key(p, a);
        assertThat(org.siren4j.plugins.analysis.Analyses.key(p, b)).isNotEqualTo(k);
        p.setParam(p.paramIndex("dry_wet"), 0.3);   // acts at render: same analysis
        assertThat(org.siren4j.plugins.analysis.Analyses.key(p, a)).isEqualTo(k);
        p.setParam(p.paramIndex("strength"), 1.5);  // the analysis depends on it
        assertThat(org.siren4j.plugins.analysis.Analyses.key(p, a)).isNotEqualTo(k);
        assertThat(org.siren4j.plugins.analysis.Analyses.key(Plugins.create("siren.resample") instanceof Analysing r ? r : null, a)).isNotEqualTo(k);
    }

    @Test
    void resamplePlaysAFittedClipTwiceAsFastAnOctaveUp() throws Exception {
        int rate = 16000, n = 4000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.4 * Math.sin(2 * Math.PI * 440 * i / rate) * Math.min(1, i / 400.0);
        WavWriter.write(dir.resolve("tone.wav"), Clip.mono(rate, x), WavWriter.Format.FLOAT32);
        Path out = dir.resolve("fast.wav");
        bounce("{\"sampleRate\": 16000, \"tracks\": [{\"clips\": [{\"file\": \"tone.wav\"}], \"inserts\": [{\"plugin\": \"siren.resample\","
                + " \"params\": {\"speed\": 2}}]}]}", out, new Analyses(dir.resolve("cache"), true, (w, f) -> {}));
        double[] y = AudioFiles.read(out).samples()[0];
        double f = Pitch.frequency(y, rate, 400, 1800, 880);
        assertThat(Pitch.cents(f, 880)).isCloseTo(0, offset(1.0));
        // twice as fast: the sound ends at half the clip's length
        double late = 0, early = 0;
        for (int i = n / 2 + 50; i < n; i++) late += y[i] * y[i];
        for (int i = 500; i < 1500; i++) early += y[i] * y[i];
        assertThat(late).isLessThan(1e-6 * early);
        double amp = Pitch.magnitude(y, rate, 500, 1500, 880) / Pitch.magnitude(x, rate, 1000, 2000, 440);
        assertThat(amp).as("level kept").isCloseTo(1, offset(0.01));
        System.out.printf(java.util.Locale.ROOT, "siren.resample x2: %.4f Hz (%+.3f cents), level %.4f%n", f, Pitch.cents(f, 880), amp);
    }

    @Test
    void applyMakesANewClipAtTheSessionRateFromTheSiren() throws Exception {
        // an 8 kHz clip of a 1 kHz tone in a 16 kHz session: the new clip is the SIREN rendered at 16 kHz,
        // band-limited (no image at 8 - 1 = 7 kHz, which zero-stuffing or a short filter would leave)
        int rate = 8000, n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 1000 * i / rate);
        WavWriter.write(dir.resolve("low.wav"), Clip.mono(rate, x), WavWriter.Format.FLOAT32);
        Path out = dir.resolve("up.wav");
        bounce("{\"sampleRate\": 16000, \"tracks\": [{\"clips\": [{\"file\": \"low.wav\", \"apply\": {\"plugin\": \"siren.resample\"}}]}]}",
                out, new Analyses(dir.resolve("cache"), true, (w, f) -> {}));
        double[] y = AudioFiles.read(out).samples()[0];
        assertThat(y.length).isEqualTo(2 * n);
        double tone = Pitch.magnitude(y, 16000, 400, 2000, 1000), image = Pitch.magnitude(y, 16000, 400, 2000, 7000);
        assertThat(tone / Pitch.magnitude(x, rate, 200, 1800, 1000)).as("level").isCloseTo(1, offset(0.01));
        assertThat(20 * Math.log10(image / tone)).as("image at 7 kHz, dB").isLessThan(-60);
        System.out.printf(java.util.Locale.ROOT, "siren.resample apply 8 -> 16 kHz: level %.4f, image at 7 kHz %.1f dB%n",
                tone / Pitch.magnitude(x, rate, 200, 1800, 1000), 20 * Math.log10(image / tone));
    }
}
