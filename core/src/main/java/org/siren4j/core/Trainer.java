package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one training loop: forward, loss, backward, Adam, for any {@link Objective}. Full batch or random
 * minibatches; stops on steps, seconds or a target metric; reports progress to a listener; can be
 * cancelled. A step whose loss or gradient is not finite puts back the last good weights, halves the
 * learning rate and says so. After the first step it allocates nothing.
 */
public final class Trainer {

    /** How to train. {@code batch <= 0} or {@code >= points}: every point every step. */
    /**
     * How to train. {@code batch <= 0} or {@code >= points}: every point every step. {@code chunk}: most
     * points per forward/backward pass (0: sized to keep the pass's buffers near 512 MiB); a larger batch
     * is done in chunks whose gradients add up, so memory stays flat whatever the batch.
     */
    public record Config(int steps, double maxSeconds, LearningRate learningRate, int batch, long seed,
                         int evalEvery, Metric metric, double targetMetric, int chunk) {
        public Config {
            if (steps < 0) throw new IllegalArgumentException("steps must be >= 0");
            if (evalEvery < 1) evalEvery = 1;
            if (chunk < 0) throw new IllegalArgumentException("chunk must be >= 0");
        }

        public static Config of(int steps, double lr) {
            return new Config(steps, 0, LearningRate.constant(lr), 0, 0, 100, null, Double.NaN, 0);
        }

        public Config withBatch(int b) { return new Config(steps, maxSeconds, learningRate, b, seed, evalEvery, metric, targetMetric, chunk); }

        public Config withSeconds(double s) { return new Config(steps, s, learningRate, batch, seed, evalEvery, metric, targetMetric, chunk); }

        public Config withMetric(Metric m, int every, double target) { return new Config(steps, maxSeconds, learningRate, batch, seed, every, m, target, chunk); }

        public Config withLearningRate(LearningRate lr) { return new Config(steps, maxSeconds, lr, batch, seed, evalEvery, metric, targetMetric, chunk); }

        public Config withSeed(long s) { return new Config(steps, maxSeconds, learningRate, batch, s, evalEvery, metric, targetMetric, chunk); }

        public Config withChunk(int c) { return new Config(steps, maxSeconds, learningRate, batch, seed, evalEvery, metric, targetMetric, c); }
    }

    /** Points per pass that keep a pass's activation buffers near {@code bytes}. */
    public static int chunkFor(SirenSpec spec, DerivativeRequest request, long bytes) {
        long perPoint = (long) request.channelCount() * spec.hidden() * (2L * spec.sineLayers() + 1) * 4;
        return (int) Math.max(1024, Math.min(Integer.MAX_VALUE, bytes / perPoint));
    }

    /** A quality measure of the model (higher is better, e.g. SNR in dB). */
    public interface Metric {
        String name();

        double measure(SirenModel model);
    }

    /** One progress report. {@code metric} is NaN between evaluations. */
    public record Progress(int step, int totalSteps, double loss, double metric, double learningRate,
                           double elapsedSeconds, double etaSeconds) {}

    public interface Listener {
        void onProgress(Progress p);

        default void onNotice(String message) {}
    }

    public enum StopReason { STEPS, TIME, TARGET, CANCELLED }

    public record Result(int steps, double finalLoss, double bestMetric, double seconds, StopReason reason,
                         int rollbacks, double[] lossHistory) {}

    private final SirenEngine engine;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public Trainer(SirenEngine engine) { this.engine = engine; }

    /** Asks a running {@link #train} to stop after the current step (any thread). */
    public void cancel() { cancelled.set(true); }

    public Result train(SirenModel model, Objective objective, Config cfg, Listener listener) {
        if (objective.inputs() != model.spec().inputs())
            throw new IllegalArgumentException("objective has " + objective.inputs() + "-d points, model takes " + model.spec().inputs());
        for (Residual r : objective.residuals())
            for (Residual.Term t : r.terms())
                if (t.channel().output() >= model.spec().outputs())
                    throw new IllegalArgumentException("residual '" + r.name() + "' uses output " + t.channel().output() + " of a " + model.spec().outputs() + "-output model");
        cancelled.set(false);
        int points = objective.points(), d = objective.inputs();
        boolean full = cfg.batch() <= 0 || cfg.batch() >= points;
        int n = full ? points : cfg.batch();
        double[] x = full ? objective.coords() : new double[n * d];
        int[] index = full ? null : new int[n];
        SplittableRandom rnd = new SplittableRandom(cfg.seed());
        DerivativeRequest request = objective.request();
        int chunk = Math.min(n, cfg.chunk() > 0 ? cfg.chunk() : chunkFor(model.spec(), request, 512L << 20));
        double[] xChunk = chunk < n ? new double[chunk * d] : null;
        double[] adjoint = new double[request.channelCount() * model.spec().outputs() * chunk];
        List<Buf> grads = new ArrayList<>();
        for (Buf p : model.parameters()) grads.add(Buf.create(model.dataType(), p.array.rows(), p.array.columns()));
        Adam adam = new Adam(model.parameters());
        double[] history = new double[cfg.steps()];

        long t0 = System.nanoTime();
        double lrScale = 1, loss = Double.NaN, best = Double.NaN;
        int rollbacks = 0, step = 0;
        StopReason reason = StopReason.STEPS;
        boolean lastStepGood = false;
        while (step < cfg.steps()) {
            if (cancelled.get()) { reason = StopReason.CANCELLED; break; }
            if (!full) {
                for (int b = 0; b < n; b++) {
                    int i = rnd.nextInt(points);
                    index[b] = i;
                    System.arraycopy(objective.coords(), i * d, x, b * d, d);
                }
            }
            double l = 0;
            boolean good = true;
            for (int offset = 0; offset < n && good; offset += chunk) {
                int m = Math.min(chunk, n - offset);
                double[] xs = x;
                if (xChunk != null) {
                    System.arraycopy(x, offset * d, xChunk, 0, m * d);
                    xs = xChunk;
                }
                Channels y = engine.forward(model, request, xs, m);
                double part = objective.evaluate(y, index, offset, n, adjoint);
                l += part;
                good = Double.isFinite(part);
                if (good) engine.backward(adjoint, grads, offset > 0);
            }
            good = good && Double.isFinite(Adam.squaredNorm(grads));
            double lr = cfg.learningRate().at(step, cfg.steps()) * lrScale;
            if (!good) {
                if (lastStepGood) adam.undo();
                lastStepGood = false;
                lrScale *= 0.5;
                rollbacks++;
                listener.onNotice(String.format("step %d: loss %s is not finite; rolled back to the last good weights and halved the learning rate to %.3g",
                        step + 1, Double.isFinite(l) ? "gradient" : Double.toString(l), lr * 0.5));
                if (rollbacks > 30) throw new IllegalStateException("training diverged: " + rollbacks + " non-finite steps in a row");
                continue;
            }
            adam.step(grads, lr);
            lastStepGood = true;
            loss = l;
            history[step++] = l;
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            double metric = Double.NaN;
            boolean last = step == cfg.steps() || (cfg.maxSeconds() > 0 && elapsed >= cfg.maxSeconds());
            if (cfg.metric() != null && (step % cfg.evalEvery() == 0 || last)) {
                metric = cfg.metric().measure(model);
                if (!(metric <= best)) best = metric;
            }
            double eta = elapsed / step * (cfg.steps() - step);
            if (cfg.maxSeconds() > 0) eta = Math.min(eta, Math.max(0, cfg.maxSeconds() - elapsed));
            listener.onProgress(new Progress(step, cfg.steps(), l, metric, lr, elapsed, eta));
            if (!Double.isNaN(cfg.targetMetric()) && metric >= cfg.targetMetric()) { reason = StopReason.TARGET; break; }
            if (cfg.maxSeconds() > 0 && elapsed >= cfg.maxSeconds() && step < cfg.steps()) { reason = StopReason.TIME; break; }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new Result(step, loss, best, seconds, reason, rollbacks, java.util.Arrays.copyOf(history, step));
    }
}
