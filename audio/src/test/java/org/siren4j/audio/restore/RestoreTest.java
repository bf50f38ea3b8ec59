package org.siren4j.audio.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Damage planted in signals whose clean version is known: found where it is, repaired against the truth. */
class RestoreTest {
    static final int RATE = 44100;

    /** Three partials with a slow vibrato and a swell: tonal, like most music, and not stationary. */
    static double[] music(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE, vib = 0.004 * Math.sin(2 * Math.PI * 5 * t);
            x[i] = (0.6 + 0.3 * Math.sin(2 * Math.PI * 1.3 * t))
                    * (0.3 * Math.sin(2 * Math.PI * 440 * (t + vib)) + 0.12 * Math.sin(2 * Math.PI * 1230 * (t + vib) + 1) + 0.05 * Math.sin(2 * Math.PI * 3100 * t));
        }
        return x;
    }

    static double snrDb(double[] clean, double[] x, int from, int to) {
        double s = 0, e = 0;
        for (int i = from; i < to; i++) { s += clean[i] * clean[i]; e += (x[i] - clean[i]) * (x[i] - clean[i]); }
        return 10 * Math.log10(s / e);
    }

    private static boolean[] covered(List<Damage> found, int n) { return Repair.mask(n, found); }

    @Test
    void clicksAreFoundWhereTheyWereAddedAndNowhereElse() {
        int n = 2 * RATE;
        double[] clean = music(n), x = clean.clone();
        boolean[] planted = new boolean[n], near = new boolean[n];
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 40; k++) {
            int len = 4 + r.nextInt(37), at = 1000 + k * 2150 + r.nextInt(1000);
            double amp = 0.1 + 0.4 * r.nextDouble();
            for (int i = 0; i < len; i++) {
                double v = amp * Math.sin(Math.PI * (i + 1) / (len + 1)) * (r.nextBoolean() ? 1 : -1);
                x[at + i] += v;
                planted[at + i] |= Math.abs(v) > 0.02;
            }
            for (int i = at - 8; i < at + len + 8; i++) near[i] = true;
        }
        List<Damage> found = DamageDetector.defaults().detect(x, 0, RATE);
        boolean[] m = covered(found, n);
        int plantedCount = 0, caught = 0, stray = 0;
        for (int i = 0; i < n; i++) {
            if (planted[i]) { plantedCount++; if (m[i]) caught++; }
            if (m[i] && !near[i]) stray++;
        }
        assertThat(found).allMatch(d -> d.kind() == Damage.Kind.CLICK);
        assertThat((double) caught / plantedCount).as("planted samples found").isGreaterThan(0.97);
        assertThat(stray).as("samples flagged away from any click").isLessThan(20);
        assertThat(DamageDetector.defaults().detect(clean, 0, RATE)).as("damage found in the clean signal").isEmpty();
    }

    /**
     * A synthetic voice as a formant synthesiser makes one (espeak-ng's way): a pulse every pitch period (110-140 Hz,
     * gliding) through three resonators, in syllables with silences between them. No short predictor foresees a pulse,
     * and a block that is half silence has a small error spread: both made voiced speech pass for clicks.
     */
    static double[] voice(int n) {
        double[] x = new double[n];
        double[][] formants = {{700, 90}, {1220, 110}, {2600, 160}};
        double[][] state = new double[formants.length][2];
        double next = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE, on = (t % 0.35) < 0.25 ? Math.sin(Math.PI * (t % 0.35) / 0.25) : 0;
            double source = 0;
            if (i >= next) { source = on; next += RATE / (110 + 30 * Math.sin(2 * Math.PI * 1.3 * t)); }
            double y = 0;
            for (int f = 0; f < formants.length; f++) { // two-pole resonator at the formant's frequency and bandwidth
                double rr = Math.exp(-Math.PI * formants[f][1] / RATE), c = 2 * rr * Math.cos(2 * Math.PI * formants[f][0] / RATE);
                double v = source + c * state[f][0] - rr * rr * state[f][1];
                state[f][1] = state[f][0];
                state[f][0] = v;
                y += v / (f + 1);
            }
            x[i] = 0.05 * y;
        }
        return x;
    }

    @Test
    void aSyntheticVoiceIsNotClicksButClicksOnItAre() {
        int n = 2 * RATE;
        double[] clean = voice(n), x = clean.clone();
        double peak = 0;
        for (double v : clean) peak = Math.max(peak, Math.abs(v));
        int flagged = 0;
        for (Damage d : DamageDetector.defaults().detect(clean, 0, RATE)) flagged += d.length();
        assertThat(flagged).as("samples of the clean voice taken for damage").isLessThan(n / 200);
        boolean[] planted = new boolean[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 30; k++) {
            int len = 4 + r.nextInt(20), at = 500 + k * (n - 1000) / 30 + r.nextInt(500);
            double amp = peak * (0.2 + 0.5 * r.nextDouble());
            for (int i = 0; i < len; i++) {
                double v = amp * Math.sin(Math.PI * (i + 1) / (len + 1)) * (r.nextBoolean() ? 1 : -1);
                x[at + i] += v;
                planted[at + i] |= Math.abs(v) > 0.1 * amp;
            }
        }
        boolean[] m = covered(DamageDetector.defaults().detect(x, 0, RATE), n);
        int plantedCount = 0, caught = 0;
        for (int i = 0; i < n; i++) if (planted[i]) { plantedCount++; if (m[i]) caught++; }
        assertThat((double) caught / plantedCount).as("planted samples found").isGreaterThan(0.9);
    }

    @Test
    void aClippedVoiceIsClippingAndNothingElse() {
        int n = 2 * RATE;
        double[] x = voice(n);
        double peak = 0;
        for (double v : x) peak = Math.max(peak, Math.abs(v));
        double level = 0.5 * peak;
        int clippedCount = 0;
        for (int i = 0; i < n; i++) if (Math.abs(x[i]) > level) { x[i] = Math.signum(x[i]) * level; clippedCount++; }
        List<Damage> found = DamageDetector.defaults().detect(x, 0, RATE);
        assertThat(found).as("a clipped pulse's steep flanks are not clicks").allMatch(d -> d.kind() == Damage.Kind.CLIPPING);
        assertThat(found.stream().mapToInt(Damage::length).sum()).isEqualTo(clippedCount);
    }

    /**
     * Tones that fade out to exact zeros and back in, as a synthesiser's words do (raised-cosine fades of 2-5 ms, silences
     * of 8-50 ms): silence, not dropouts; the same tones cut to zeros at the same places, without fades: dropouts, all.
     */
    @Test
    void aSilenceTheSoundFadesIntoIsNoDropoutButACutIs() {
        int n = 2 * RATE;
        double[] faded = new double[n], cut = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        List<int[]> silences = new java.util.ArrayList<>();
        for (int at = RATE / 10; at < n - RATE / 10; at += RATE / 4) silences.add(new int[] {at, at + (int) (RATE * (0.008 + 0.042 * r.nextDouble()))});
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE, v = 0;
            for (int h = 1; h <= 5; h++) v += Math.sin(2 * Math.PI * 180 * h * t + h) / h;
            faded[i] = cut[i] = 0.3 * v;
        }
        for (int[] s : silences) {
            int fade = (int) (RATE * (0.002 + 0.003 * r.nextDouble()));
            for (int i = s[0]; i < s[1]; i++) faded[i] = cut[i] = 0;
            for (int k = 1; k <= fade; k++) {
                double g = 0.5 - 0.5 * Math.cos(Math.PI * k / (fade + 1));
                faded[s[0] - k] *= g;
                faded[s[1] - 1 + k] *= g;
            }
        }
        for (double[] x : new double[][] {faded, cut}) for (int i = 0; i < n; i++) x[i] = Math.round(x[i] * 32768) / 32768.0;
        assertThat(DamageDetector.defaults().detect(faded, 0, RATE)).as("damage found in faded silences").isEmpty();
        List<Damage> d = DamageDetector.defaults().detect(cut, 0, RATE);
        assertThat(d).hasSize(silences.size()).allMatch(x -> x.kind() == Damage.Kind.DROPOUT);
    }

    @Test
    void clippingAndDropoutsAreFoundExactly() {
        int n = RATE;
        double[] clean = music(n), clipped = clean.clone(), dropped = clean.clone();
        double peak = 0;
        for (double v : clean) peak = Math.max(peak, Math.abs(v));
        double level = 0.5 * peak;
        int clippedCount = 0;
        for (int i = 0; i < n; i++) if (Math.abs(clean[i]) > level) { clipped[i] = Math.signum(clean[i]) * level; clippedCount++; }
        int[][] holes = {{3000, 3044}, {15000, 15400}, {30000, 30882}};
        for (int[] h : holes) java.util.Arrays.fill(dropped, h[0], h[1], 0);

        List<Damage> c = DamageDetector.defaults().detect(clipped, 0, RATE, EnumSet.of(Damage.Kind.CLIPPING));
        assertThat(c.stream().mapToInt(Damage::length).sum()).isEqualTo(clippedCount);
        assertThat(c).allMatch(d -> Math.abs(d.level()) == level);
        List<Damage> d = DamageDetector.defaults().detect(dropped, 0, RATE);
        assertThat(d).hasSize(holes.length).allMatch(x -> x.kind() == Damage.Kind.DROPOUT);
        for (int k = 0; k < holes.length; k++) assertThat(new int[] {d.get(k).start(), d.get(k).end()}).containsExactly(holes[k]);
    }

    @Test
    void theSirenFillsTonalGapsFarBetterThanLinesAndAutoregression() {
        int n = 8000;
        double[] clean = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            clean[i] = 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.1 * Math.sin(2 * Math.PI * 1230 * t + 1) + 0.05 * Math.sin(2 * Math.PI * 3100 * t);
        }
        List<Damage> gaps = List.of(new Damage(Damage.Kind.CLICK, 0, 2000, 2020, 0), new Damage(Damage.Kind.CLICK, 0, 4000, 4040, 0),
                new Damage(Damage.Kind.DROPOUT, 0, 6000, 6400, 0));
        double[] worst = new double[3];
        List<Repair> repairs = List.of(new SirenRepair(0), new ArRepair(), new Repair.Linear());
        for (int k = 0; k < repairs.size(); k++) {
            double[] x = clean.clone();
            for (Damage g : gaps) java.util.Arrays.fill(x, g.start(), g.end(), 0.5);
            repairs.get(k).repair(x, gaps, RATE);
            worst[k] = Double.POSITIVE_INFINITY;
            for (Damage g : gaps) worst[k] = Math.min(worst[k], snrDb(clean, x, g.start(), g.end()));
        }
        // a sum of three sines is what a one-layer SIREN is: it recovers them; AR(32) on 1024 samples of context does not quite
        assertThat(worst[0]).as("siren, worst gap").isGreaterThan(40);
        assertThat(worst[1]).as("ar, worst gap").isGreaterThan(10).isLessThan(worst[0] - 15);
        assertThat(worst[2]).as("linear, worst gap").isLessThan(worst[1]);
    }

    @Test
    void clippedSamplesComeBackBeyondTheLevelAndCloserToTheTruth() {
        int n = RATE / 2;
        double[] clean = music(n), x = clean.clone();
        double level = 0.2;
        for (int i = 0; i < n; i++) if (Math.abs(clean[i]) > level) x[i] = Math.signum(clean[i]) * level;
        List<Damage> found = DamageDetector.defaults().detect(x, 0, RATE);
        double[] y = x.clone();
        new SirenRepair(0).repair(y, found, RATE);
        for (Damage d : found)
            for (int i = d.start(); i < d.end(); i++) assertThat(Math.abs(y[i])).as("sample %d", i).isGreaterThanOrEqualTo(level);
        assertThat(snrDb(clean, y, 0, n)).isGreaterThan(snrDb(clean, x, 0, n) + 10);
    }

    @Test
    void onlyDamagedSamplesChangeAndTheBytesDoNotDependOnThreads() {
        int n = RATE;
        double[] x = music(n);
        for (int k = 0; k < 10; k++) for (int i = 0; i < 12; i++) x[2000 + 4000 * k + i] += (i % 2 == 0 ? 0.3 : -0.3);
        List<Damage> found = DamageDetector.defaults().detect(x, 0, RATE);
        assertThat(found).hasSize(10);
        double[] one = x.clone(), two = x.clone(), blasTwo = x.clone();
        int blas = org.siren4j.core.cpu.Blas.threads();
        try {
            org.siren4j.core.cpu.Blas.setThreads(1);
            new SirenRepair(3, 1).repair(one, found, RATE);
            new SirenRepair(3, 2).repair(two, found, RATE);
            org.siren4j.core.cpu.Blas.setThreads(2); // OMP_NUM_THREADS=2: OpenBLAS splits a product otherwise
            new SirenRepair(3, 1).repair(blasTwo, found, RATE);
        } finally {
            org.siren4j.core.cpu.Blas.setThreads(blas);
        }
        assertThat(two).containsExactly(one);
        assertThat(blasTwo).as("the bytes with BLAS on 2 threads").containsExactly(one);
        boolean[] m = Repair.mask(n, found);
        for (int i = 0; i < n; i++) if (!m[i]) assertThat(one[i]).isEqualTo(x[i]);
    }

    /** A long restoration says how far it has come: every window of every channel once, the last at the whole. */
    @Test
    void aRestorationReportsEachWindowOfEachChannel() {
        int n = RATE / 2;
        double[][] ch = {music(n), music(n)};
        for (int k = 0; k < 6; k++) for (int i = 0; i < 10; i++) { ch[0][1000 + 3500 * k + i] += 0.3 * (i % 2 == 0 ? 1 : -1); ch[1][2500 + 3000 * k + i] -= 0.3 * (i % 2 == 0 ? 1 : -1); }
        org.siren4j.audio.Clip clip = new org.siren4j.audio.Clip(RATE, ch);
        List<String> where = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        double[] last = {0};
        RestoreJob job = new RestoreJob(EnumSet.of(Damage.Kind.CLICK), 5, "siren", 0, org.siren4j.audio.WavWriter.Format.FLOAT32);
        RestoreJob.Result r = job.restore(clip, null, "in", "out", 2, (fraction, at) -> {
            where.add(at);
            synchronized (last) { last[0] = Math.max(last[0], fraction); }
        });
        assertThat(r.found()).isEqualTo("12 damaged runs");
        assertThat(where).hasSize(12).contains("channel 1/2, window 6/6", "channel 2/2, window 1/6", "channel 2/2, window 6/6");
        assertThat(last[0]).isEqualTo(1.0);
    }

    @Test
    void bandedCholeskySolvesTheSystemItIsGiven() {
        int n = 50, w = 3;
        SplittableRandom r = new SplittableRandom(1);
        double[][] dense = new double[n][n], band = new double[n][w + 1];
        for (int i = 0; i < n; i++)
            for (int k = 1; k <= w && i - k >= 0; k++) dense[i][i - k] = dense[i - k][i] = band[i][k] = r.nextDouble() - 0.5;
        for (int i = 0; i < n; i++) dense[i][i] = band[i][0] = 4 + r.nextDouble();
        double[] b = new double[n];
        for (int i = 0; i < n; i++) b[i] = r.nextGaussian();
        double[] x = Cholesky.solve(band, w, b);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += dense[i][j] * x[j];
            assertThat(s).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-10));
        }
    }
}
