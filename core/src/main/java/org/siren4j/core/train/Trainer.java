package org.siren4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.siren4j.core.Objective;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;

/**
 * Trains a model on an {@link Objective} until a step count, a time budget or a target metric: a
 * {@link TrainingSession} stepped to the end, with checkpoints on the way (and a resume from the last one),
 * then an optional L-BFGS finish, then the best weights seen put back. For stepping by hand, changing points
 * between steps or saving state at will, use the session directly.
 */
public final class Trainer {

    /** Which weights a run returns: those of the lowest loss, of the best metric, or the last ones. */
    public enum Keep { BEST_LOSS, BEST_METRIC, LAST }

    /**
     * How to train; build with {@link #builder()} or start from {@link #of(int, double)}. A run ends at
     * {@code steps} (0: no step limit), at {@code seconds} of training (0: no time limit), at the target
     * metric, or when cancelled; the schedule's progress runs over whichever limit is further along.
     */
    public static final class Config {
        final int steps;
        final double seconds;
        final Schedule schedule;
        final long seed;
        final int evalEvery;
        final Metric metric;
        final double targetMetric;
        final int chunk;
        final double beta1, beta2, eps, clipNorm;
        final double spikeFactor, spikeRateDrop;
        final Keep keep;
        final Finish finish;
        final Path checkpoint;
        final int checkpointEvery;
        final boolean resume;
        final LongSupplier clock;
        final Between between;
        final int betweenEvery;

        private Config(Builder b) {
            steps = b.steps; seconds = b.seconds; schedule = b.schedule; seed = b.seed; evalEvery = b.evalEvery;
            metric = b.metric; targetMetric = b.targetMetric; chunk = b.chunk; beta1 = b.beta1; beta2 = b.beta2;
            eps = b.eps; clipNorm = b.clipNorm; spikeFactor = b.spikeFactor; spikeRateDrop = b.spikeRateDrop; keep = b.keep;
            finish = b.finish; checkpoint = b.checkpoint; checkpointEvery = b.checkpointEvery; resume = b.resume; clock = b.clock;
            between = b.between; betweenEvery = b.betweenEvery;
        }

        /** {@code steps} steps at a constant rate, with the default spike guard. */
        public static Config of(int steps, double lr) { return builder().steps(steps).schedule(Schedule.constant(lr)).build(); }

        public static Builder builder() { return new Builder(); }

        public Builder toBuilder() { return new Builder(this); }

        public int steps() { return steps; }

        public double seconds() { return seconds; }

        public Metric metric() { return metric; }

        /** The run's progress (0..1) after {@code step} steps and {@code elapsed} seconds. */
        double progress(long step, double elapsed) {
            double p = 0;
            if (steps > 0) p = steps <= 1 ? 1 : Math.min(1, (double) step / (steps - 1));
            if (seconds > 0) p = Math.max(p, Math.min(1, elapsed / seconds));
            return p;
        }
    }

    public static final class Builder {
        private int steps;
        private double seconds;
        private Schedule schedule = Schedule.constant(1e-4);
        private long seed;
        private int evalEvery = 100;
        private Metric metric;
        private double targetMetric = Double.NaN;
        private int chunk;
        private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, clipNorm;
        private double spikeFactor = 20, spikeRateDrop = 0.5;
        private Keep keep = Keep.BEST_LOSS;
        private Finish finish;
        private Path checkpoint;
        private int checkpointEvery = 500;
        private boolean resume;
        private LongSupplier clock = System::nanoTime;
        private Between between;
        private int betweenEvery;

        private Builder() {}

        private Builder(Config c) {
            steps = c.steps; seconds = c.seconds; schedule = c.schedule; seed = c.seed; evalEvery = c.evalEvery;
            metric = c.metric; targetMetric = c.targetMetric; chunk = c.chunk; beta1 = c.beta1; beta2 = c.beta2; eps = c.eps;
            clipNorm = c.clipNorm; spikeFactor = c.spikeFactor; spikeRateDrop = c.spikeRateDrop; keep = c.keep; finish = c.finish;
            checkpoint = c.checkpoint; checkpointEvery = c.checkpointEvery; resume = c.resume; clock = c.clock;
            between = c.between; betweenEvery = c.betweenEvery;
        }

        /** Most Adam steps (0: no step limit; then {@link #seconds} must be set). */
        public Builder steps(int n) {
            if (n < 0) throw new IllegalArgumentException("steps must be >= 0");
            steps = n;
            return this;
        }

        /** Time budget of the Adam phase in seconds (0: none). */
        public Builder seconds(double s) {
            if (!(s >= 0) || Double.isInfinite(s)) throw new IllegalArgumentException("seconds must be >= 0 and finite");
            seconds = s;
            return this;
        }

        public Builder schedule(Schedule s) { schedule = s; return this; }

        public Builder learningRate(double lr) { return schedule(Schedule.constant(lr)); }

        /** Seeds the random batches and the samplers. */
        public Builder seed(long s) { seed = s; return this; }

        /** Measures {@code m} every {@code every} steps; stops once it reaches {@code target} (NaN: never). */
        public Builder metric(Metric m, int every, double target) {
            metric = m;
            evalEvery = Math.max(1, every);
            targetMetric = target;
            return this;
        }

        /** Most points per forward/backward pass (0: sized to keep the pass near 512 MiB). */
        public Builder chunk(int c) {
            if (c < 0) throw new IllegalArgumentException("chunk must be >= 0");
            chunk = c;
            return this;
        }

        public Builder adam(double beta1, double beta2, double eps) {
            this.beta1 = beta1; this.beta2 = beta2; this.eps = eps;
            return this;
        }

        /** Scales the gradient down to this global norm when it is larger (0: no clipping). */
        public Builder clipGradientNorm(double max) {
            if (!(max >= 0)) throw new IllegalArgumentException("clip norm must be >= 0");
            clipNorm = max;
            return this;
        }

        /**
         * The spike guard: a step whose loss exceeds {@code factor} times the lowest loss so far puts back
         * the weights (and Adam's moments) of that lowest loss and multiplies the rate by {@code rateDrop}.
         * {@code factor <= 0} turns it off. Default: 20, 0.5.
         */
        public Builder spikeGuard(double factor, double rateDrop) {
            if (!(rateDrop > 0 && rateDrop <= 1)) throw new IllegalArgumentException("rate drop must lie in (0, 1]");
            spikeFactor = factor;
            spikeRateDrop = rateDrop;
            return this;
        }

        public Builder noSpikeGuard() { spikeFactor = 0; return this; }

        /** Which weights the run returns (default: those of the lowest loss seen). */
        public Builder keep(Keep k) { keep = k; return this; }

        /** A second-order finish after the Adam phase (null: none). */
        public Builder finish(Finish f) { finish = f; return this; }

        /**
         * Work between steps that changes the objective (a problem's unknown coefficients, fitted with the weights held):
         * run every {@code every} Adam steps, and before each run of that many L-BFGS iterations in the finish (each run
         * starts a fresh L-BFGS memory, since the function changed).
         */
        public Builder between(int every, Between hook) {
            if (every < 1) throw new IllegalArgumentException("between-steps interval must be >= 1");
            between = hook;
            betweenEvery = every;
            return this;
        }

        /** Saves a checkpoint to {@code file} every {@code everySteps} steps and at the end. */
        public Builder checkpoint(Path file, int everySteps) {
            if (everySteps < 1) throw new IllegalArgumentException("checkpoint interval must be >= 1");
            checkpoint = file;
            checkpointEvery = everySteps;
            return this;
        }

        /** Starts from the checkpoint file when it exists. */
        public Builder resume(boolean r) { resume = r; return this; }

        /** The clock the trainer reads, in nanoseconds (tests give a fake one). */
        public Builder clock(LongSupplier nanos) { clock = nanos; return this; }

        public Config build() {
            if (steps == 0 && seconds == 0) throw new IllegalArgumentException("a run needs a step count or a time budget");
            if (schedule == null) throw new IllegalArgumentException("no learning-rate schedule");
            if (resume && checkpoint == null) throw new IllegalArgumentException("resume needs a checkpoint file");
            return new Config(this);
        }
    }

    /**
     * A second-order finish after the Adam phase, for {@code seconds}, on the full batch of every group, for
     * small nets where fitting precision limits the result: L-BFGS with a strong-Wolfe line search (any
     * objective; it wins on PDE residuals), or Levenberg-Marquardt in float64 (data fits: one group, one
     * MSE residual on the value of a one-output net; it wins on audio segments).
     */
    public record Finish(Method method, double seconds, int history, int maxIterations) {
        public enum Method { LBFGS, LEVENBERG_MARQUARDT }

        public Finish {
            if (!(seconds > 0)) throw new IllegalArgumentException("finish seconds must be > 0");
            if (history < 1) throw new IllegalArgumentException("history must be >= 1");
            if (maxIterations < 1) throw new IllegalArgumentException("iterations must be >= 1");
        }

        public static Finish lbfgs(double seconds) { return new Finish(Method.LBFGS, seconds, 20, Integer.MAX_VALUE); }

        /** L-BFGS for a count of iterations, whatever the time: reproducible. */
        public static Finish lbfgsIterations(int iterations) { return new Finish(Method.LBFGS, Double.POSITIVE_INFINITY, 20, iterations); }

        public static Finish levenbergMarquardt(double seconds) {
            return new Finish(Method.LEVENBERG_MARQUARDT, seconds, 1, Integer.MAX_VALUE);
        }

        public Finish maxIterations(int n) { return new Finish(method, seconds, history, n); }
    }

    /** A quality measure of the model (higher is better, e.g. SNR in dB). */
    public interface Metric {
        String name();

        double measure(SirenModel model);
    }

    /** One progress report. {@code metric} is NaN between evaluations. */
    public record Progress(long step, int totalSteps, double loss, double metric, double learningRate,
                           double elapsedSeconds, double etaSeconds) {}

    /**
     * See {@link Builder#between}. What it changes is state of the run: a checkpoint saves it after the session's own
     * and a resumed run restores it.
     */
    public interface Between {
        void run(SirenModel model);

        default void save(java.io.DataOutputStream out) throws IOException {}

        default void restore(java.io.DataInputStream in) throws IOException {}
    }

    public interface Listener {
        void onProgress(Progress p);

        default void onNotice(String message) {}
    }

    public enum StopReason { STEPS, TIME, TARGET, CANCELLED }

    /**
     * What a run did. {@code finalLoss}: the loss of the returned weights (of the last step for minibatches);
     * {@code finishLoss}: after the L-BFGS finish (NaN without one).
     */
    public record Result(long steps, double finalLoss, double bestMetric, double seconds, StopReason reason,
                         int rollbacks, int spikes, double finishLoss, int finishIterations, double[] lossHistory) {}

    private final SirenEngine engine;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public Trainer(SirenEngine engine) { this.engine = engine; }

    /** Asks a running {@link #train} to stop after the current step (any thread). */
    public void cancel() { cancelled.set(true); }

    public Result train(SirenModel model, Objective objective, Config cfg, Listener listener) {
        cancelled.set(false);
        TrainingSession s = new TrainingSession(engine, model, objective, cfg);
        try {
            if (cfg.resume && Files.exists(cfg.checkpoint)) {
                s.restore(cfg.checkpoint);
                listener.onNotice("resumed from " + cfg.checkpoint + " at step " + s.steps());
            }
            while (!s.done()) {
                if (cancelled.get()) { s.cancel(); break; }
                if (s.step(listener) && cfg.checkpoint != null && s.steps() % cfg.checkpointEvery == 0) s.save(cfg.checkpoint);
            }
            if (cfg.checkpoint != null) s.save(cfg.checkpoint);
            return s.finish(listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
