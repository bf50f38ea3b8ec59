package org.siren4j.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenEngine;

/** Fitting, model files, resuming and band-limited rendering, against the samples and plain spectra. */
public class AudioFitTest {
    @TempDir Path dir;

    /** A plucked two-note chord with a little noise floor: real structure at a low rate, so tests stay quick. */
    static Clip chord(int rate, double seconds, int channels) {
        int n = (int) Math.round(rate * seconds);
        double[][] x = new double[channels][n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < n; i++) {
                double t = (double) i / rate;
                x[c][i] = 0.5 * Math.exp(-3 * t) * (Math.sin(2 * Math.PI * (220 + 55 * c) * t) + 0.4 * Math.sin(2 * Math.PI * 660 * t + 1))
                        + 1e-3 * (r.nextDouble() - 0.5);
            }
        return new Clip(rate, x);
    }

    /** Quick settings: small nets, a short Adam run, a short Levenberg-Marquardt finish. */
    static AudioFitter.Settings quick() {
        return AudioFitter.Settings.builder().width(24).firstLayerHz(2000).adamSteps(150).finishIterations(15).sampleIterations(0)
                .oversample(1).bandPenalty(0).build();
    }

    @Test
    void fitsAShortStereoClipAndTheFileKeepsIt() throws IOException {
        Clip clip = chord(8000, 0.5, 2);
        AudioFitter fitter = new AudioFitter(quick());
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        assertThat(m.complete()).isTrue();
        try (SirenEngine e = Engines.cpu()) {
            for (int c = 0; c < 2; c++)
                assertThat(AudioSignal.snrDb(clip.samples()[c], m.renderSamples(e, c))).as("channel " + c).isGreaterThan(35);
            Path f = dir.resolve("m.siren");
            m.save(f);
            AudioModel back = AudioModel.load(f);
            assertThat(back.channels()).isEqualTo(2);
            assertThat(back.sampleRate()).isEqualTo(8000);
            assertThat(back.frames()).isEqualTo(clip.frames());
            assertThat(back.scale(1)).isEqualTo(m.scale(1));
            double[] a = m.renderSamples(e, 1), b = back.renderSamples(e, 1);
            for (int i = 0; i < a.length; i++) assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-6));
            // a flipped byte and a cut file are refused
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 4;
            Path bad = dir.resolve("bad.siren");
            Files.write(bad, bytes);
            assertThatThrownBy(() -> AudioModel.load(bad)).isInstanceOf(ModelFile.FormatException.class).hasMessageContaining("checksum");
            Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(f), 100));
            assertThatThrownBy(() -> AudioModel.load(bad)).isInstanceOf(ModelFile.FormatException.class);
        }
    }

    /**
     * A minute of audio: memory holds the weights and one wave of segments, not the clip's activations (no timing:
     * a test must pass with other work on the machine; the fit's cost per second is `FitExcerpt`'s figure).
     */
    @Test
    void aMinuteFitsWithFlatMemory() throws IOException {
        AudioFitter.Settings s = AudioFitter.Settings.builder().overlapSeconds(0.002).width(8).hiddenLayers(1).firstLayerHz(100).adamSteps(40)
                .finishSeconds(0).finishIterations(1).sampleIterations(0).oversample(1).bandPenalty(0).build();
        AudioFitter fitter = new AudioFitter(s);
        long[] heapGrowth = new long[1];
        for (int run = 0; run < 2; run++) {
            Clip clip = chord(1000, run == 0 ? 20 : 60, 1);
            Runtime rt = Runtime.getRuntime();
            long[] firstWave = {-1}, peak = {0}, bucket = {0};
            AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> {
                if (p.done() / 40 == bucket[0]) return; // every 40 segments
                bucket[0] = p.done() / 40;
                System.gc(); // live memory, not garbage waiting for a collection
                long used = rt.totalMemory() - rt.freeMemory();
                if (firstWave[0] < 0) firstWave[0] = used;
                peak[0] = Math.max(peak[0], used);
            });
            assertThat(m.complete()).isTrue();
            assertThat(firstWave[0]).isPositive();
            heapGrowth[0] = peak[0] - firstWave[0];
        }
        // 960 segments of ~100 parameters: the weights are ~0.4 MB; growing with the activations would take far more
        assertThat(heapGrowth[0]).as("heap growth over the minute's fit").isLessThan(16L << 20);
    }

    /** A fit cut off part-way and resumed from its checkpoint ends with exactly the uninterrupted fit's model. */
    @Test
    void resumedFitEqualsUninterruptedFit() throws IOException {
        Clip clip = chord(8000, 0.5, 1);
        AudioFitter.Settings s = quick();
        AudioFitter fitter = new AudioFitter(s);
        AudioModel whole = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });

        Path ckpt = dir.resolve("m.partial");
        class Kill extends RuntimeException {}
        assertThatThrownBy(() -> fitter.fit(clip, fitter.layout(clip), ckpt, 0, p -> { if (p.done() >= 4) throw new Kill(); }))
                .isInstanceOf(Kill.class);
        AudioModel partial = fitter.resumable(clip, ckpt);
        assertThat(partial.fittedCount()).isBetween(1, partial.segmentCount() - 1);
        AudioModel resumed = fitter.fit(clip, partial, ckpt, 0, p -> { });
        try (SirenEngine e = Engines.cpu()) {
            assertThat(resumed.renderSamples(e, 0)).containsExactly(whole.renderSamples(e, 0));
        }
        // a checkpoint of another clip is refused
        assertThatThrownBy(() -> fitter.resumable(chord(8000, 0.5, 2), ckpt)).hasMessageContaining("another clip");
    }

    /** The rendering filter: flat to 92% of the edge, 100 dB down past it (its DTFT, summed directly). */
    @Test
    void lowPassMeetsItsSpecification() {
        double edge = 0.25;
        double[] h = Renderer.lowPass(edge, 0.92);
        for (double f = 0; f <= 0.5; f += 0.0005) {
            double re = 0, im = 0;
            for (int k = 0; k < h.length; k++) { re += h[k] * Math.cos(2 * Math.PI * f * (k - h.length / 2)); im += h[k] * Math.sin(2 * Math.PI * f * (k - h.length / 2)); }
            double mag = Math.hypot(re, im);
            if (f <= 0.92 * edge) assertThat(mag).as("passband at " + f).isCloseTo(1, org.assertj.core.data.Offset.offset(2e-5));
            if (f >= edge) assertThat(mag).as("stopband at " + f).isLessThan(1.2e-5);
        }
    }

    /** A tone near the old Nyquist frequency, rendered at 3x: nothing above the old Nyquist beyond -90 dB. */
    @Test
    void upsampledToneHasNoImageAboveTheOldNyquist() throws IOException {
        int rate = 8000, n = 4000;
        double f0 = 3500; // 0.44 of the rate: its image at 4500 Hz is what a careless upsampler leaves
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.7 * Math.sin(2 * Math.PI * f0 * i / rate);
        Clip clip = Clip.mono(rate, x);
        AudioFitter fitter = new AudioFitter(quick().withNet(24, 4000));
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        Clip up;
        try (SirenEngine e = Engines.cpu()) {
            up = Renderer.renderClip(m, e, new Renderer.Span(0, clip.seconds(), 3 * rate, 1));
        }
        assertThat(up.frames()).isEqualTo(3 * n);
        // Hann-windowed DFT of the middle 4096 samples: power above 4 kHz against the total
        int len = 4096, off = (3 * n - len) / 2;
        double above = 0, total = 0;
        for (int k = 0; k <= len / 2; k++) {
            double re = 0, im = 0;
            for (int i = 0; i < len; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / len);
                double v = w * up.samples()[0][off + i];
                re += v * Math.cos(2 * Math.PI * k * i / len);
                im -= v * Math.sin(2 * Math.PI * k * i / len);
            }
            double p = re * re + im * im, f = k * 3.0 * rate / len;
            total += p;
            if (f > 4000 + 3 * 3.0 * rate / len) above += p; // past the window's main lobe
        }
        assertThat(10 * Math.log10(above / total)).isLessThan(-90);
    }

    /** Rendered below its own rate, a tone above the new Nyquist frequency is removed, not folded back. */
    @Test
    void downsampledToneAboveTheNewNyquistIsRemoved() throws IOException {
        int rate = 8000, n = 4000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.7 * Math.sin(2 * Math.PI * 3000 * i / rate) + 0.1 * Math.sin(2 * Math.PI * 500 * i / rate);
        Clip clip = Clip.mono(rate, x);
        AudioFitter fitter = new AudioFitter(quick().withNet(24, 4000));
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        Clip down;
        try (SirenEngine e = Engines.cpu()) {
            down = Renderer.renderClip(m, e, new Renderer.Span(0, clip.seconds(), 4000, 1));
        }
        // the 3 kHz tone would fold to 1 kHz at a 4 kHz rate: what is left besides the 500 Hz tone, by least squares
        double[] y = down.samples()[0];
        double ss = 0, sc = 0, rs = 0;
        int a = 400, b = y.length - 400;
        double[][] basis = new double[4][b - a];
        for (int i = a; i < b; i++) {
            double t = i / 4000.0;
            basis[0][i - a] = Math.sin(2 * Math.PI * 500 * t); basis[1][i - a] = Math.cos(2 * Math.PI * 500 * t);
            basis[2][i - a] = Math.sin(2 * Math.PI * 1000 * t); basis[3][i - a] = Math.cos(2 * Math.PI * 1000 * t);
        }
        double[] amp = new double[4];
        for (int k = 0; k < 4; k++) {
            double num = 0, den = 0;
            for (int i = 0; i < b - a; i++) { num += basis[k][i] * y[a + i]; den += basis[k][i] * basis[k][i]; }
            amp[k] = num / den;
        }
        assertThat(Math.hypot(amp[0], amp[1])).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.003));
        // folded it would be 0.7; what remains at 1 kHz is the quick fit's own error there (measured 4.8e-4)
        assertThat(Math.hypot(amp[2], amp[3])).as("the 3 kHz tone folded to 1 kHz").isLessThan(1.5e-3);
    }

    /** Played twice as fast, a tone sounds an octave up and passes while below the output's Nyquist frequency. */
    @Test
    void aToneTwiceAsFastSoundsAnOctaveUpAtFullLevel() throws IOException {
        int rate = 8000, n = 4000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 1500 * i / rate);
        Clip clip = Clip.mono(rate, x);
        AudioFitter fitter = new AudioFitter(quick().withNet(24, 4000));
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        Clip fast;
        try (SirenEngine e = Engines.cpu()) {
            fast = Renderer.renderClip(m, e, new Renderer.Span(0, clip.seconds(), rate, 2));
        }
        double[] y = fast.samples()[0];
        double num = 0, den = 0, c = 0;
        for (int i = 300; i < y.length - 300; i++) {
            double s = Math.sin(2 * Math.PI * 3000 * i / rate), co = Math.cos(2 * Math.PI * 3000 * i / rate);
            num += s * y[i];
            c += co * y[i];
            den += s * s;
        }
        assertThat(Math.hypot(num, c) / den).as("the 1.5 kHz tone at 3 kHz").isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.005));
    }

    /** Span and speed: output sample m sits at from + m speed / rate; at the source rate the samples come back. */
    @Test
    void spansAndSpeedsLandOnTheRightTimes() throws IOException {
        Clip clip = chord(8000, 0.5, 1);
        AudioFitter fitter = new AudioFitter(quick());
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        try (SirenEngine e = Engines.cpu()) {
            double[] own = m.renderSamples(e, 0);
            Clip part = Renderer.renderClip(m, e, new Renderer.Span(0.1, 0.2, 8000, 1));
            assertThat(part.frames()).isEqualTo(800);
            for (int i = 0; i < 800; i++) assertThat(part.samples()[0][i]).isCloseTo(own[800 + i], org.assertj.core.data.Offset.offset(1e-6)); // float32 nets
            // twice as fast at the source rate: every other source sample of the (low-passed) signal, half as many
            Clip fast = Renderer.renderClip(m, e, new Renderer.Span(0, 0.5, 8000, 2));
            assertThat(fast.frames()).isEqualTo(2000);
            double err = 0, sig = 0;
            for (int i = 200; i < 1800; i++) { // the chord lies far below the new band edge: it passes unchanged
                sig += own[2 * i] * own[2 * i];
                err += (fast.samples()[0][i] - own[2 * i]) * (fast.samples()[0][i] - own[2 * i]);
            }
            assertThat(10 * Math.log10(sig / err)).isGreaterThan(40);
        }
    }

    /** Four tones below the Nyquist frequency of 8 kHz: an analytic, band-limited truth between the samples. */
    static double tones(double t) {
        return 0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 660 * t + 1) + 0.1 * Math.sin(2 * Math.PI * 1250 * t + 2)
                + 0.05 * Math.sin(2 * Math.PI * 2300 * t + 3);
    }

    /** Error energy of a 4x rendering against {@link #tones}, split into the frames near a seam and the rest (20 ms ends left out). */
    static double[] errorNearSeamsAndElsewhere(AudioModel m, int rate) throws IOException {
        Clip up;
        try (SirenEngine e = Engines.cpu()) {
            up = Renderer.renderClip(m, e, new Renderer.Span(0, m.seconds(), 4 * rate, 1));
        }
        double[] y = up.samples()[0];
        double seamErr = 0, seamSig = 0, restErr = 0, restSig = 0;
        for (int i = 4 * rate / 50; i < y.length - 4 * rate / 50; i++) {
            double frame = i / 4.0, truth = tones(frame / rate), err = (y[i] - truth) * (y[i] - truth);
            double fromSeam = Math.abs(frame - Math.round(frame / m.hop()) * (double) m.hop());
            if (fromSeam <= m.overlap() + 1) { seamErr += err; seamSig += truth * truth; }
            else { restErr += err; restSig += truth * truth; }
        }
        return new double[] {10 * Math.log10(seamSig / seamErr), 10 * Math.log10(restSig / restErr), 10 * Math.log10((seamSig + restSig) / (seamErr + restErr))};
    }

    /**
     * The default fit is band-limited: rendered at 4x its rate, it is the tones' continuous function between the
     * samples (the samples-only fit matches the samples but not what lies between them), and near the seams
     * between segments the error is no larger than elsewhere.
     */
    @Test
    void betweenSamplesAndAcrossSeamsTheFitIsTheBandLimitedFunction() throws IOException {
        int rate = 8000, n = 4000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = tones(i / (double) rate);
        Clip clip = Clip.mono(rate, x);
        AudioFitter.Settings s = quick().withNet(32, 3000).bandLimited(AudioFitter.DEFAULT_OVERSAMPLE, 1);
        AudioFitter bl = new AudioFitter(s), plain = new AudioFitter(s.samplesOnly());
        AudioModel a = bl.fit(clip, bl.layout(clip), null, 0, p -> { }), b = plain.fit(clip, plain.layout(clip), null, 0, p -> { });
        assertThat(a.bandLimited()).isTrue();
        assertThat(b.bandLimited()).isFalse();
        double[] withBand = errorNearSeamsAndElsewhere(a, rate), without = errorNearSeamsAndElsewhere(b, rate);
        System.out.printf("4x rendering against the analytic tones, SNR near seams / elsewhere / all: band-limited %.1f / %.1f / %.1f dB, samples only %.1f / %.1f / %.1f dB%n",
                withBand[0], withBand[1], withBand[2], without[0], without[1], without[2]);
        assertThat(withBand[2]).as("band-limited, between samples").isGreaterThan(50); // measured 58.5 (quick settings)
        assertThat(withBand[2]).as("band-limited against samples-only").isGreaterThan(without[2] + 6);
        assertThat(withBand[0]).as("near the seams against elsewhere").isGreaterThan(withBand[1] - 1.5);
    }

    /** Counted budgets: one thread, two threads, and two threads beside a busy core give the same model bytes. */
    @Test
    void theSameFitGivesTheSameBytesOnAnyThreadCountAndLoad() throws Exception {
        Clip clip = chord(8000, 0.25, 1);
        AudioFitter.Settings s = quick().bandLimited(2, 1).withSeed(5);
        byte[] one = fitBytes(clip, s.withThreads(1)), two = fitBytes(clip, s.withThreads(2));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hog = new Thread(() -> { double v = 0; while (!stop.get()) v += Math.sin(v); if (v == 42) System.out.print(""); });
        hog.start();
        byte[] loaded;
        try {
            loaded = fitBytes(clip, s.withThreads(2));
        } finally {
            stop.set(true);
            hog.join();
        }
        assertThat(two).as("two threads against one").isEqualTo(one);
        assertThat(loaded).as("beside a busy thread").isEqualTo(one);
        assertThat(fitBytes(clip, s.withSeed(6))).as("another seed").isNotEqualTo(one);
    }

    private static byte[] fitBytes(Clip clip, AudioFitter.Settings s) throws IOException {
        AudioFitter f = new AudioFitter(s);
        return f.fit(clip, f.layout(clip), null, 0, p -> { }).toBytes();
    }

    /**
     * An {@link AudioFitter.Initializer} is asked once for every segment of every channel, with that segment's own samples
     * (scaled by the channel's peak, as the net fits them), and the model names it; the default names the paper's init.
     */
    @Test
    void everySegmentStartsWhereTheInitializerSays() throws IOException {
        Clip clip = chord(8000, 0.15, 2);
        java.util.List<String> asked = new java.util.ArrayList<>();
        AudioFitter.Initializer init = new AudioFitter.Initializer() {
            @Override public org.siren4j.core.SirenModel start(org.siren4j.core.SirenSpec spec, int c, int k, double[] y) {
                synchronized (asked) { asked.add(c + ":" + k); }
                AudioModel grid = new AudioFitter(quick()).layout(clip);
                int a = (int) grid.fitStart(k);
                assertThat(y).hasSize((int) (grid.fitEnd(k) - a));
                for (int i = 0; i < y.length; i++) assertThat(y[i]).isCloseTo(clip.samples()[c][a + i] / grid.scale(c), within(1e-12));
                return org.siren4j.core.SirenModel.create(spec, 7);
            }

            @Override public String describe() { return "test init"; }
        };
        AudioFitter f = new AudioFitter(quick().withSteps(5).withFinishIterations(0), init);
        AudioModel m = f.fit(clip, f.layout(clip), null, 0, p -> { });
        java.util.List<String> all = new java.util.ArrayList<>();
        for (int c = 0; c < 2; c++) for (int k = 0; k < m.segmentCount(); k++) all.add(c + ":" + k);
        assertThat(asked).containsExactlyInAnyOrderElementsOf(all);
        assertThat(m.metadata()).containsEntry("init", "test init");
        AudioFitter plain = new AudioFitter(quick().withSteps(5).withFinishIterations(0));
        assertThat(plain.layout(clip).metadata().get("init")).startsWith("siren");
    }

    /** A model written before fits recorded how they were made has no band-limit entry: it reads as not band-limited. */
    @Test
    void aModelWithoutTheBandLimitEntryReadsAsNotBandLimited() throws IOException {
        Clip clip = chord(8000, 0.1, 1);
        AudioFitter f = new AudioFitter(quick().bandLimited(2, 1));
        AudioModel m = f.fit(clip, f.layout(clip), null, 0, p -> { });
        assertThat(m.metadata()).containsEntry(AudioModel.BAND_LIMITED, "true").containsEntry("oversample", "2").doesNotContainKey("train_seconds");
        m.metadata().keySet().retainAll(java.util.Set.of("source_hash"));
        Path old = dir.resolve("old.siren");
        m.save(old);
        assertThat(AudioModel.load(old).bandLimited()).isFalse();
    }
}
