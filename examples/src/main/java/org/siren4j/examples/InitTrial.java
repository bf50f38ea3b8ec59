package org.siren4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.core.Buf;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.Precision;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.cpu.Workers;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

/**
 * The two starting points for segment nets that published work suggests, tried against the paper's init on held-out
 * clips with the same counted preset (scripts/init-trial.sh makes the training audio and runs this):
 * <ul>
 * <li><b>learned</b>: Reptile (Nichol et al. 2018) over segments of a training folder, as in Tancik et al. 2021. Each
 * outer step fits 4 random segments by 32 Adam steps from the current init and moves the init toward the fitted nets, by a
 * rate falling linearly from 1 to 0; the later layers' weights are held to their RMS at the paper's init (unheld, they grow
 * 15x and the finish fits 25-30 dB worse).</li>
 * <li><b>winner</b>: WINNER (Chandravamsi et al. 2025): Gaussian noise on the first two layers' weights, of scales set by the
 * segment's spectral centroid (the SIREN-squared code's 3500 (1 - exp(-7 SC)) and 3 SC, over its w0 of 3000).</li>
 * </ul>
 * Arguments: TRAIN_DIR OUTER_STEPS QUALITY CLIP:FROM:SECONDS... (clips at 44.1 or 48 kHz, mixed to mono).
 */
public final class InitTrial {
    private InitTrial() {}

    public static void main(String[] args) throws Exception {
        Path trainDir = Path.of(args[0]);
        int outer = Integer.parseInt(args[1]);
        AudioFitter.Settings settings = AudioFitter.Settings.quality(args[2]);
        List<Clip> training = new ArrayList<>();
        try (Stream<Path> files = Files.list(trainDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".wav")).sorted().toList()) training.add(AudioFiles.read(f));
        }
        long t0 = System.nanoTime();
        SirenModel learned = reptile(training, new AudioFitter(settings), 44100, outer, 4, 32, 1e-3, 1);
        System.out.printf(Locale.ROOT, "learned an init from %d files by %d Reptile steps in %.0f s%n", training.size(), outer, (System.nanoTime() - t0) * 1e-9);
        System.out.printf("%-28s %12s %12s %12s   (SNR on the samples, dB; quality %s)%n", "clip", "siren", "learned", "winner", args[2]);
        for (int i = 3; i < args.length; i++) {
            Clip clip = excerpt(args[i]);
            double[] snr = new double[3];
            AudioFitter.Initializer[] inits = {null, fromInit(learned), winner(settings.seed())};
            for (int j = 0; j < 3; j++) {
                AudioFitter fitter = new AudioFitter(settings, inits[j]);
                AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
                try (SirenEngine e = Engines.cpu()) { snr[j] = m.fidelity(e, clip).snrDb(); }
            }
            System.out.printf(Locale.ROOT, "%-28s %12.1f %12.1f %12.1f%n", Path.of(args[i].split(":")[0]).getFileName() + ":" + args[i].split(":")[1],
                    snr[0], snr[1], snr[2]);
        }
    }

    private static Clip excerpt(String spec) throws Exception {
        String[] a = spec.split(":");
        Clip full = AudioFiles.read(Path.of(a[0]));
        int r = full.sampleRate(), from = (int) (Double.parseDouble(a[1]) * r), n = (int) Math.min(Double.parseDouble(a[2]) * r, full.frames() - from);
        double[] x = new double[n];
        for (double[] ch : full.samples()) for (int j = 0; j < n; j++) x[j] += ch[from + j] / full.channels();
        return new Clip(r, new double[][] {x});
    }

    private static Objective samples(double[] t, double[] y) {
        return new Objective(t, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(y)));
    }

    /** Every segment starts from {@code init}. */
    static AudioFitter.Initializer fromInit(SirenModel init) {
        return new AudioFitter.Initializer() {
            @Override public SirenModel start(SirenSpec spec, int c, int k, double[] y) {
                SirenModel m = SirenModel.zeros(spec, Precision.FLOAT32);
                m.setFlatParameters(init.flatParameters());
                return m;
            }

            @Override public String describe() { return "learned (Reptile)"; }
        };
    }

    /** The paper's init plus WINNER's noise, scaled by each segment's spectral centroid. */
    static AudioFitter.Initializer winner(long seed) {
        return new AudioFitter.Initializer() {
            @Override public SirenModel start(SirenSpec spec, int c, int k, double[] y) {
                SirenModel net = SirenModel.create(spec, seed * 1_000_003L + c * 100_003L + k);
                double sc = centroid(y);
                double s0 = 3500 * (1 - Math.exp(-7 * sc)) / 3000, s1 = 3 * sc / 3000;
                SplittableRandom r = new SplittableRandom(seed ^ (c * 100_003L + k));
                Buf w0 = net.weight(0), w1 = net.weight(1);
                for (int i = 0; i < w0.length; i++) w0.set(i, w0.get(i) + s0 * gauss(r));
                for (int i = 0; i < w1.length; i++) w1.set(i, w1.get(i) + s1 * gauss(r));
                return net;
            }

            @Override public String describe() { return "winner"; }
        };
    }

    /** The spectral centroid of {@code y}, as a fraction of the Nyquist frequency (a DFT on up to 512 bins). */
    static double centroid(double[] y) {
        int n = y.length;
        double num = 0, den = 0;
        for (int f = 1; f <= n / 2; f += Math.max(1, n / 2 / 512)) {
            double re = 0, im = 0;
            for (int t = 0; t < n; t++) { double a = 2 * Math.PI * f * (double) t / n; re += y[t] * Math.cos(a); im -= y[t] * Math.sin(a); }
            num += (re * re + im * im) * f / (n / 2.0);
            den += re * re + im * im;
        }
        return den > 0 ? num / den : 0;
    }

    private static double gauss(SplittableRandom r) { return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()); }

    /**
     * Reptile over segments of {@code clips} (all at {@code rate}, each channel scaled by its peak as a fit scales it;
     * segments under 1% RMS skipped): {@code outer} steps of {@code tasks} segments, {@code inner} Adam steps each.
     */
    static SirenModel reptile(List<Clip> clips, AudioFitter fitter, int rate, int outer, int tasks, int inner, double innerRate, long seed) throws Exception {
        AudioModel grid = fitter.layout(new Clip(rate, new double[][] {new double[rate]})); // an interior segment's time axis is every segment's
        int span = (int) (grid.fitEnd(1) - grid.fitStart(1));
        double[] t = new double[span];
        for (int i = 0; i < span; i++) t[i] = grid.coordinate(1, grid.fitStart(1) + i);
        List<double[]> sources = new ArrayList<>();
        for (Clip c : clips) {
            if (c.sampleRate() != rate) throw new IllegalArgumentException("a training clip is at " + c.sampleRate() + " Hz, not " + rate);
            for (double[] ch : c.samples()) {
                double peak = Arrays.stream(ch).map(Math::abs).max().orElse(0);
                if (peak > 0 && ch.length >= span) sources.add(Arrays.stream(ch).map(v -> v / peak).toArray());
            }
        }
        long[] ends = new long[sources.size()];
        long total = 0;
        for (int i = 0; i < ends.length; i++) ends[i] = total += sources.get(i).length - span + 1;
        SirenSpec spec = grid.spec();
        SirenModel init = SirenModel.create(spec, seed);
        double[] theta = init.flatParameters(), paperRms = layerRms(theta, spec);
        SplittableRandom rnd = new SplittableRandom(seed);
        Trainer.Config cfg = Trainer.Config.builder().steps(inner).schedule(Schedule.constant(innerRate)).noSpikeGuard().keep(Trainer.Keep.LAST).seed(seed).build();
        ThreadLocal<SirenEngine> engines = ThreadLocal.withInitial(() -> Engines.cpu(1));
        int cores = Workers.defaultCount(), blas = Blas.threads();
        ExecutorService pool = Executors.newFixedThreadPool(cores, r -> { Thread th = new Thread(r); th.setDaemon(true); return th; });
        Blas.setThreads(1); // a whole segment per core
        try {
            for (int step = 0; step < outer; step++) {
                List<Future<double[]>> fitted = new ArrayList<>();
                for (int n = 0; n < tasks; ) {
                    long pick = rnd.nextLong(total);
                    int src = 0;
                    while (ends[src] <= pick) src++;
                    int from = (int) (pick - (src == 0 ? 0 : ends[src - 1]));
                    double[] y = Arrays.copyOfRange(sources.get(src), from, from + span);
                    if (Math.sqrt(Arrays.stream(y).map(v -> v * v).sum() / span) < 0.01) continue;
                    n++;
                    fitted.add(pool.submit(() -> {
                        SirenModel net = SirenModel.zeros(spec, Precision.FLOAT32);
                        net.setFlatParameters(theta);
                        new Trainer(engines.get()).train(net, samples(t, y), cfg, p -> { });
                        return net.flatParameters();
                    }));
                }
                double rate0 = 1 - step / (double) outer;
                double[] mean = new double[theta.length];
                for (Future<double[]> f : fitted) { // in submission order: the same sums on any schedule
                    double[] p = f.get();
                    for (int k = 0; k < theta.length; k++) mean[k] += p[k] / tasks;
                }
                for (int k = 0; k < theta.length; k++) theta[k] += rate0 * (mean[k] - theta[k]);
                holdScale(theta, paperRms, spec);
            }
        } finally {
            pool.shutdown();
            Blas.setThreads(blas);
        }
        init.setFlatParameters(theta);
        return init;
    }

    /** The RMS of each layer's weights in flat parameters (W_0, b_0, W_1, b_1, ...). */
    private static double[] layerRms(double[] theta, SirenSpec spec) {
        double[] r = new double[spec.linearLayers()];
        for (int l = 0, k = 0; l < r.length; k += spec.fanOut(l) * (spec.fanIn(l) + 1), l++) {
            int nw = spec.fanOut(l) * spec.fanIn(l);
            double ss = 0;
            for (int i = 0; i < nw; i++) ss += theta[k + i] * theta[k + i];
            r[l] = Math.sqrt(ss / nw);
        }
        return r;
    }

    /** Scales each later layer's weights down to their RMS at the paper's init where they grew past it. */
    private static void holdScale(double[] theta, double[] paper, SirenSpec spec) {
        double[] now = layerRms(theta, spec);
        for (int l = 0, k = 0; l < now.length; k += spec.fanOut(l) * (spec.fanIn(l) + 1), l++) {
            int nw = spec.fanOut(l) * spec.fanIn(l);
            if (l > 0 && now[l] > paper[l]) for (int i = 0; i < nw; i++) theta[k + i] *= paper[l] / now[l];
        }
    }
}
