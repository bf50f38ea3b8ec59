package org.siren4j.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Workers;
import org.siren4j.core.train.LevenbergMarquardt;
import org.siren4j.core.train.ManyModels;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

// Over 400 lines: Settings (17 named fields, its presets and builder) stays beside the fitter whose budgets it explains.
/**
 * Fits a clip as an {@link AudioModel}: every segment of every channel is its own small SIREN, trained
 * full-batch by Adam on a cosine schedule and finished by Levenberg-Marquardt (which takes the fit past
 * Adam's noise floor). Segments are trained a wave at a time, one per core ({@link ManyModels}), so memory
 * holds the clip, the weights and one wave; after each wave the partial model can be saved, and a killed
 * fit resumes from it.
 */
public final class AudioFitter {

    /**
     * How each segment is fitted. {@code firstLayerHz}: the highest frequency of the first sine layer (its w0,
     * in the segment's own time units); later layers reach higher. The budget is counts (Adam steps, finish
     * iterations), so a fit gives the same bytes under any load and thread count; {@code finishSeconds} is an
     * extra time cap (infinite in the presets) and {@code secondsPerSegment}, when positive, replaces the counts
     * by a time budget shared 30/70 by Adam and the finish: both only on the user's explicit request, and then the
     * model is not reproducible. {@code oversample} > 1 fits band-limited (see {@link #bandLimited}); then the first
     * layer stays at or below {@code firstLayerCap} times the sample rate (0: no cap), and {@code sampleIterations}
     * Levenberg-Marquardt iterations on the samples alone come before the {@code finishIterations} band-limited ones
     * (samples only, all of them are on the samples).
     */
    public record Settings(double hopSeconds, double overlapSeconds, int width, int hiddenLayers, double firstLayerHz,
                           int adamSteps, double learningRate, double finishSeconds, int finishIterations,
                           double secondsPerSegment, double targetSnrDb, long seed, int threads, int oversample, double bandPenalty,
                           double firstLayerCap, int sampleIterations)
            implements java.io.Serializable {

        /** The normal preset's numbers, to change by name: {@code Settings.builder().adamSteps(100).build()}. */
        public static Builder builder() { return quality("normal").toBuilder(); }

        public Builder toBuilder() { return new Builder(this); }

        /**
         * The presets, all band-limited (a model is a continuous function, right between its samples) and all counted:
         * Adam steps, a few Levenberg-Marquardt iterations on the samples (half the cost of a band-limited one: no fine
         * grid), then band-limited ones: draft 200 + 2 + 8, normal 300 + 4 + 18, high 500 + 6 + 32. Adam is cheap (2 ms
         * a step against ~0.15 s a band-limited iteration) and a short Adam phase leaves some segments where the finish
         * cannot reach (espeak speech, 0.5 s: 100 steps 49-53 dB, 200 77-81, 300 78.6). At equal cost more iterations on
         * the samples helped gt_bach (1 s: 12 + 12 gave 61.1 dB, 4 + 16 60.0, 0 + 18 59.6) and hurt speech at 16 kHz
         * (70.0, 76.1, 77.0 dB): what a fit of the samples puts between them the band-limited steps are slow to take out.
         * The first layer reaches 3 kHz: against a long windowed-sinc resampling of 0.25 s excerpts, rendered at 4x, a
         * 2x grid gave gt_bach 60.4 dB, gt_counting 55.7, the example phrase 63.3 with it, against ~56 / 48.4 / 40.0
         * with 6 kHz.
         */
        public static Settings quality(String q) {
            double inf = Double.POSITIVE_INFINITY;
            Settings s = switch (q) {
                case "draft" -> new Settings(0.0625, 0.0015, 48, 2, 3000, 200, 1e-3, inf, 8, 0, Double.NaN, 0, 0, 1, 0, 0.125, 2);
                case "normal" -> new Settings(0.0625, 0.0015, 48, 2, 3000, 300, 1e-3, inf, 18, 0, Double.NaN, 0, 0, 1, 0, 0.125, 4);
                case "high" -> new Settings(0.0625, 0.0015, 48, 2, 3000, 500, 1e-3, inf, 32, 0, Double.NaN, 0, 0, 1, 0, 0.125, 6);
                default -> throw new IllegalArgumentException("unknown quality '" + q + "' (draft, normal or high)");
            };
            return s.bandLimited(DEFAULT_OVERSAMPLE, DEFAULT_BAND_PENALTY);
        }

        /** Fits the samples only: faster, but the function between them is not band-limited (wrong at other rates). */
        public Settings samplesOnly() { return bandLimited(1, 0); }

        /** Whether the model is held band-limited between its samples (the finish does it: none, no band limit). */
        public boolean isBandLimited() { return oversample > 1 && bandPenalty > 0 && finishes(); }

        /** Whether any budget is in seconds (then two runs differ). */
        public boolean timed() { return secondsPerSegment > 0 || finishes() && Double.isFinite(finishSeconds); }

        /** Whether a Levenberg-Marquardt finish follows Adam. */
        public boolean finishes() { return secondsPerSegment > 0 || finishIterations > 0 && finishSeconds > 0; }

        public Settings withSeed(long s) { return toBuilder().seed(s).build(); }

        public Settings withSteps(int steps) { return toBuilder().adamSteps(steps).build(); }

        public Settings withSecondsPerSegment(double s) { return toBuilder().secondsPerSegment(s).build(); }

        public Settings withTargetSnr(double db) { return toBuilder().targetSnrDb(db).build(); }

        public Settings withThreads(int t) { return toBuilder().threads(t).build(); }

        public Settings withHop(double seconds) { return toBuilder().hopSeconds(seconds).build(); }

        public Settings withFinish(double seconds, int iterations) { return toBuilder().finishSeconds(seconds).finishIterations(iterations).build(); }

        /** A counted finish of {@code iterations} Levenberg-Marquardt steps per segment (0: none). */
        public Settings withFinishIterations(int iterations) { return withFinish(Double.POSITIVE_INFINITY, iterations); }

        /**
         * Band-limited for one output grid, {@code factor} times the source rate, with the first layer free of the 1/8
         * cap: right on that grid, which is all a resampling renders (speech at 24 kHz taken to 48 kHz, SNR below 0.9 of
         * its Nyquist frequency: 79.1 dB with a 6 kHz first layer, 66.6 with the presets' capped 3 kHz), not at any rate.
         * Every finish iteration is band-limited: with a first layer this high a fit of the samples alone fills the
         * space between them, and 24 band-limited steps did not take it out again (speech taken from 16 to 48 kHz: 56.4 dB
         * on the samples after 6 + 24 iterations, 76.9 after 0 + 40).
         */
        public Settings forOutputGrid(int factor, double penalty, double firstHz) {
            return toBuilder().firstLayerHz(firstHz).finishIterations(finishIterations + sampleIterations).oversample(factor).bandPenalty(penalty)
                    .firstLayerCap(0).sampleIterations(0).build();
        }

        public Settings withNet(int w, double firstHz) { return toBuilder().width(w).firstLayerHz(firstHz).build(); }

        /**
         * Band-limited fitting for rendering at up to {@code factor} times the source rate: the finish also
         * penalises, with weight {@code penalty}, the fitted function's energy above the source's Nyquist
         * frequency on a grid {@code factor} times finer than the samples.
         */
        public Settings bandLimited(int factor, double penalty) { return toBuilder().oversample(factor).bandPenalty(penalty).build(); }

        public int cores() { return threads > 0 ? threads : Workers.defaultCount(); }

        /** Settings by name, from a preset's (see {@link #builder()}). */
        public static final class Builder {
            private double hopSeconds, overlapSeconds, firstLayerHz, learningRate, finishSeconds, secondsPerSegment, targetSnrDb, bandPenalty, firstLayerCap;
            private int width, hiddenLayers, adamSteps, finishIterations, threads, oversample, sampleIterations;
            private long seed;

            private Builder(Settings s) {
                hopSeconds = s.hopSeconds; overlapSeconds = s.overlapSeconds; width = s.width; hiddenLayers = s.hiddenLayers;
                firstLayerHz = s.firstLayerHz; adamSteps = s.adamSteps; learningRate = s.learningRate; finishSeconds = s.finishSeconds;
                finishIterations = s.finishIterations; secondsPerSegment = s.secondsPerSegment; targetSnrDb = s.targetSnrDb; seed = s.seed;
                threads = s.threads; oversample = s.oversample; bandPenalty = s.bandPenalty; firstLayerCap = s.firstLayerCap;
                sampleIterations = s.sampleIterations;
            }

            /** Segment length (the hop) and the overlap fitted on each side, in seconds. */
            public Builder hopSeconds(double v) { hopSeconds = v; return this; }
            public Builder overlapSeconds(double v) { overlapSeconds = v; return this; }
            /** Hidden width and the number of hidden layers of each segment net. */
            public Builder width(int v) { width = v; return this; }
            public Builder hiddenLayers(int v) { hiddenLayers = v; return this; }
            public Builder firstLayerHz(double v) { firstLayerHz = v; return this; }
            public Builder adamSteps(int v) { adamSteps = v; return this; }
            public Builder learningRate(double v) { learningRate = v; return this; }
            public Builder finishSeconds(double v) { finishSeconds = v; return this; }
            public Builder finishIterations(int v) { finishIterations = v; return this; }
            public Builder secondsPerSegment(double v) { secondsPerSegment = v; return this; }
            public Builder targetSnrDb(double v) { targetSnrDb = v; return this; }
            public Builder seed(long v) { seed = v; return this; }
            public Builder threads(int v) { threads = v; return this; }
            public Builder oversample(int v) { oversample = v; return this; }
            public Builder bandPenalty(double v) { bandPenalty = v; return this; }
            public Builder firstLayerCap(double v) { firstLayerCap = v; return this; }
            public Builder sampleIterations(int v) { sampleIterations = v; return this; }

            public Settings build() {
                return new Settings(hopSeconds, overlapSeconds, width, hiddenLayers, firstLayerHz, adamSteps, learningRate, finishSeconds,
                        finishIterations, secondsPerSegment, targetSnrDb, seed, threads, oversample, bandPenalty, firstLayerCap, sampleIterations);
            }
        }
    }

    /**
     * The presets' band limit: the energy above the source's Nyquist frequency is penalised on a grid 2x finer than
     * the samples, with the first layer held to 1/8 of the sample rate (below). What the grid leaves unchecked (between
     * its points) a first layer of low frequency keeps smooth: four tones at 8 kHz rendered at 4x were 66.3 dB from the
     * truth with a 1.1 kHz first layer, 50.2 with 1.5 kHz, 27.9 with 3 kHz (a 4x grid: 85 dB at 3x the cost). A fit of
     * the samples alone is not enough, even with a low first layer: the example phrase came out at 38.2 dB.
     */
    public static final int DEFAULT_OVERSAMPLE = 2;
    public static final double DEFAULT_BAND_PENALTY = 1;

    /** Progress after each segment: how many are done of how many, the SNR of those done, time, ETA. */
    public record Progress(int done, int total, double snrDb, double seconds, double etaSeconds) {}

    public interface Listener {
        void onProgress(Progress p);
    }

    private final Settings settings;
    private final Initializer init;

    /**
     * Where each segment net starts. The default is the paper's init, seeded per segment; we tried two others
     * (README, "What we tried for faster fits"), a Reptile-learned init and WINNER's noise, and both fitted worse.
     */
    public interface Initializer {
        /** A net of {@code spec} for segment {@code k} of channel {@code c}, whose samples (scaled) are {@code y}. */
        SirenModel start(SirenSpec spec, int c, int k, double[] y);

        /** What the model's metadata says of it ({@code init}). */
        String describe();
    }

    public AudioFitter(Settings settings) { this(settings, null); }

    /** Segment nets start where {@code init} says (null: the paper's init, seeded per segment). */
    public AudioFitter(Settings settings, Initializer init) {
        this.settings = settings;
        this.init = init != null ? init : new Initializer() {
            @Override public SirenModel start(SirenSpec spec, int c, int k, double[] y) {
                return SirenModel.create(spec, settings.seed * 1_000_003L + c * 100_003L + k);
            }

            @Override public String describe() { return "siren (the paper's, seeded per segment)"; }
        };
    }

    private int hop(int rate) { return Math.max(16, (int) Math.round(settings.hopSeconds * rate)); }

    /** How many segment nets a fit of {@code clip} trains (all channels). */
    public long nets(Clip clip) { return clip.channels() * ((clip.frames() + (long) hop(clip.sampleRate()) - 1) / hop(clip.sampleRate())); }

    /** An empty model laid out for {@code clip} (scales from its peaks, segment nets from the settings). */
    public AudioModel layout(Clip clip) {
        int rate = clip.sampleRate();
        int hop = hop(rate);
        int overlap = Math.min(hop / 2, (int) Math.round(settings.overlapSeconds * rate));
        double[] scale = new double[clip.channels()];
        for (int c = 0; c < scale.length; c++) {
            double m = 0;
            for (double v : clip.samples()[c]) m = Math.max(m, Math.abs(v));
            scale[c] = m > 0 ? m : 1; // a silent channel fits zeros
        }
        // w0 is angular frequency per unit of the segment's time axis, which spans 2 units over hop + 2 overlap frames
        // band-limited, the first layer stays at or below firstLayerCap of the rate (the presets: 1/8, which changes only
        // rates under 24 kHz; see DEFAULT_OVERSAMPLE)
        double hz = settings.isBandLimited() && settings.firstLayerCap > 0 ? Math.min(settings.firstLayerHz, settings.firstLayerCap * rate) : settings.firstLayerHz;
        double w0 = Math.PI * hz * (hop + 2.0 * overlap - 1) / rate;
        AudioModel m = new AudioModel(rate, clip.frames(), hop, overlap, scale, new SirenSpec(1, settings.width, settings.hiddenLayers, 1, w0, 30));
        m.metadata().put("source_hash", Long.toHexString(hash(clip)));
        describe(m.metadata());
        return m;
    }

    /**
     * Fits every segment {@code model} does not hold yet (all of a fresh {@link #layout}; the rest of a resumed
     * one), saving the partial model to {@code checkpoint} (when not null) at most every
     * {@code checkpointSeconds}. Returns the model, complete.
     */
    public AudioModel fit(Clip clip, AudioModel model, Path checkpoint, double checkpointSeconds, Listener listener) throws IOException {
        if (clip.channels() != model.channels() || clip.frames() != model.frames() || clip.sampleRate() != model.sampleRate())
            throw new IllegalArgumentException("the model was laid out for another clip");
        List<int[]> todo = new ArrayList<>();
        for (int c = 0; c < model.channels(); c++)
            for (int k = 0; k < model.segmentCount(); k++) if (!model.fitted(c, k)) todo.add(new int[] {c, k});
        int total = model.channels() * model.segmentCount(), done = total - todo.size();
        int cores = settings.cores();
        int wave = 2 * cores; // a wave: two segments per core, so a slow segment does not idle the other core long
        long t0 = System.nanoTime(), lastSave = t0;
        double priorSeconds = model.metadata().containsKey("train_seconds") ? Double.parseDouble(model.metadata().get("train_seconds")) : 0;
        double signal = 0, error = 0;
        for (int from = 0; from < todo.size(); from += wave) {
            List<int[]> part = todo.subList(from, Math.min(todo.size(), from + wave));
            List<SirenModel> nets = new ArrayList<>();
            List<Objective> objs = new ArrayList<>();
            List<Trainer.Config> cfgs = new ArrayList<>();
            double[][] targets = new double[part.size()][];
            double[] energy = new double[part.size()], sampleError = new double[part.size()];
            // one single-thread engine per worker for the SNR checks and the band-limited finish, closed with the wave
            Map<Thread, SirenEngine> engines = new ConcurrentHashMap<>();
            Supplier<SirenEngine> engine = () -> engines.computeIfAbsent(Thread.currentThread(), th -> Engines.cpu(1));
            for (int i = 0; i < part.size(); i++) {
                int c = part.get(i)[0], k = part.get(i)[1];
                double[] y = targets[i] = segmentTarget(clip, model, c, k);
                nets.add(init.start(model.spec(), c, k, y));
                objs.add(objective(model, k, y));
                for (double v : y) energy[i] += v * v;
                cfgs.add(trainerConfig(objs.get(i).coords(), y, engine));
            }
            try {
                ManyModels.train(nets, objs, cfgs, cores, new ManyModels.Listener() {
                    @Override public void onProgress(int i, Trainer.Progress p) { }

                    @Override public void onDone(int i, Trainer.Result r) { // on the worker's thread
                        double[] y = targets[i];
                        if (settings.isBandLimited()) bandLimitedFinish(nets.get(i), model, part.get(i)[1], y);
                        double[] f = nets.get(i).evaluate(engine.get(), objs.get(i).coords(), y.length);
                        for (int p = 0; p < y.length; p++) sampleError[i] += (f[p] - y[p]) * (f[p] - y[p]);
                    }
                });
            } finally {
                engines.values().forEach(SirenEngine::close);
            }
            for (int i = 0; i < part.size(); i++) {
                model.setSegment(part.get(i)[0], part.get(i)[1], nets.get(i));
                signal += energy[i];
                error += sampleError[i];
            }
            done += part.size();
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            model.metadata().put("train_seconds", String.format(java.util.Locale.ROOT, "%.3f", priorSeconds + elapsed));
            if (checkpoint != null && (System.nanoTime() - lastSave) * 1e-9 >= checkpointSeconds && done < total) {
                model.save(checkpoint);
                lastSave = System.nanoTime();
            }
            double rate = elapsed / (from + part.size());
            listener.onProgress(new Progress(done, total, 10 * Math.log10(signal / Math.max(error, 1e-300)), priorSeconds + elapsed,
                    rate * (todo.size() - from - part.size())));
        }
        model.metadata().remove("train_seconds"); // a checkpoint's bookkeeping: timing would make two fits' bytes differ
        return model;
    }

    /** The metadata keys {@link #describe} writes: a checkpoint resumes only under the same ones. */
    private static final List<String> DESCRIBED = List.of(AudioModel.BAND_LIMITED, "oversample", "band_penalty", "budget", "seed", "init");

    /** How the model was fitted, in its metadata: what {@code siren info} shows and {@code render} checks. */
    private void describe(Map<String, String> md) {
        md.put("init", init.describe());
        md.put(AudioModel.BAND_LIMITED, Boolean.toString(settings.isBandLimited()));
        if (settings.isBandLimited()) {
            md.put("oversample", Integer.toString(settings.oversample));
            md.put("band_penalty", Double.toString(settings.bandPenalty));
        }
        md.put("budget", settings.timed() ? "seconds (not reproducible)" : settings.isBandLimited()
                ? settings.adamSteps + " Adam steps + " + settings.sampleIterations + " Levenberg-Marquardt iterations on the samples + "
                        + settings.finishIterations + " band-limited, per segment"
                : settings.adamSteps + " Adam steps + " + (settings.finishIterations + settings.sampleIterations) + " Levenberg-Marquardt iterations per segment");
        md.put("seed", Long.toString(settings.seed));
    }

    /** Adam on a cosine (steps, or 30% of a per-segment time budget), then Levenberg-Marquardt on the samples. */
    private Trainer.Config trainerConfig(double[] t, double[] y, Supplier<SirenEngine> engine) {
        Trainer.Builder b = Trainer.Config.builder().schedule(Schedule.cosine(settings.learningRate, 0.01)).seed(settings.seed);
        if (!Double.isNaN(settings.targetSnrDb))
            b.metric(new Trainer.Metric() {
                @Override public String name() { return "snr_db"; }

                // the worker's own engine: the trainer's holds the step in progress
                @Override public double measure(SirenModel m) { return AudioSignal.snrDb(y, m.evaluate(engine.get(), t, y.length)); }
            }, 50, settings.targetSnrDb);
        if (settings.secondsPerSegment > 0) b.seconds(0.3 * settings.secondsPerSegment);
        else b.steps(settings.adamSteps);
        // Levenberg-Marquardt on the samples: all of a samples-only finish; before a band-limited finish, its first
        // stage (at half its cost per step: no fine grid)
        boolean band = settings.isBandLimited();
        int onSamples = settings.secondsPerSegment > 0 ? (band ? 0 : Integer.MAX_VALUE)
                : settings.sampleIterations + (band ? 0 : settings.finishIterations);
        if (onSamples > 0 && settings.finishes())
            b.finish(Trainer.Finish.levenbergMarquardt(finishSeconds()).maxIterations(onSamples));
        return b.build();
    }

    /** The finish's share of a segment: 70% of a time budget, else the settings' iterations (and time cap). */
    private double finishSeconds() { return settings.secondsPerSegment > 0 ? 0.7 * settings.secondsPerSegment : settings.finishSeconds; }

    private int finishIterations() { return settings.secondsPerSegment > 0 ? Integer.MAX_VALUE : settings.finishIterations; }

    /** The finish of a band-limited fit: Levenberg-Marquardt on the samples and the high-passed fine grid. */
    private void bandLimitedFinish(SirenModel net, AudioModel model, int k, double[] y) {
        BandLimit a = new BandLimit(y.length, settings.oversample, settings.bandPenalty);
        double[] x = new double[a.points];
        long start = model.fitStart(k);
        for (int j = 0; j < a.points; j++) x[j] = model.coordinate(k, start + a.position(j));
        double[] b = new double[a.rows()];
        System.arraycopy(y, 0, b, 0, y.length);
        LevenbergMarquardt.fit(net, x, a, b, finishSeconds(), finishIterations());
    }

    /** Segment k's samples {@code y} (its frames divided by the channel's scale) on its own time axis. */
    static Objective objective(AudioModel model, int k, double[] y) {
        long a = model.fitStart(k);
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) t[i] = model.coordinate(k, a + i);
        return objective(t, y);
    }

    /** Samples {@code y} at the times {@code t}. */
    static Objective objective(double[] t, double[] y) {
        return new Objective(t, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(y)));
    }

    private static double[] segmentTarget(Clip clip, AudioModel model, int c, int k) {
        int a = (int) model.fitStart(k), n = (int) model.fitEnd(k) - a;
        double[] y = new double[n], x = clip.samples()[c];
        for (int i = 0; i < n; i++) y[i] = x[a + i] / model.scale(c);
        return y;
    }

    /** A fingerprint of the samples, so a checkpoint is never resumed on another clip. */
    public static long hash(Clip clip) {
        long h = 1125899906842597L ^ clip.sampleRate();
        for (double[] ch : clip.samples())
            for (double v : ch) h = 31 * h + Double.doubleToLongBits(v);
        return h;
    }

    /** Loads {@code checkpoint} if it holds a partial fit of this clip with these settings, else null. */
    public AudioModel resumable(Clip clip, Path checkpoint) throws IOException {
        if (checkpoint == null || !Files.exists(checkpoint)) return null;
        AudioModel saved = AudioModel.load(checkpoint);
        AudioModel fresh = layout(clip);
        boolean same = saved.sampleRate() == fresh.sampleRate() && saved.frames() == fresh.frames() && saved.channels() == fresh.channels()
                && saved.hop() == fresh.hop() && saved.overlap() == fresh.overlap() && saved.spec().hidden() == fresh.spec().hidden()
                && saved.spec().hiddenLayers() == fresh.spec().hiddenLayers() && saved.spec().w0First() == fresh.spec().w0First()
                && java.util.stream.Stream.concat(java.util.stream.Stream.of("source_hash"), DESCRIBED.stream())
                        .allMatch(k -> java.util.Objects.equals(fresh.metadata().get(k), saved.metadata().get(k)));
        if (!same) throw new IllegalArgumentException(checkpoint + ": the checkpoint is of another clip or other settings; delete it or drop --resume");
        return saved;
    }
}
