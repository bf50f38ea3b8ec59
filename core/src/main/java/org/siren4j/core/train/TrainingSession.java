package org.siren4j.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.siren4j.core.Buf;
import org.siren4j.core.Channels;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Rng;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;

/**
 * One training run as an object: step it, read its state, change a group's points between steps, save a
 * checkpoint (weights, Adam's moments, step, clock, random state, the spike guard's best point, sampled
 * points) and restore it bit for bit. Each step: for every point group, draw its batch (or take all its
 * points; redraw a sampled group when due), forward with only the channels that group uses, its residuals'
 * loss and adjoint, backward into gradients that add up over groups and chunks; then the spike guard, then
 * Adam. After the first step a step allocates nothing but its progress report.
 */
public final class TrainingSession {
    private final SirenEngine engine;
    private final SirenModel model;
    private final Objective objective;
    private final Trainer.Config cfg;
    private final List<PointGroup> groups;
    private final List<Buf> grads = new ArrayList<>();
    private final Adam adam;
    private final Rng rnd;
    private final double[][] x;       // per group: the batch's coordinates
    private final int[][] index;      // per group: the batch's point indices (null: every point)
    private double[] adjoint = new double[0];
    private double[] xChunk = new double[0];

    // the spike guard's best point: weights and Adam's state at the lowest loss seen
    private final SirenModel best;
    private final Adam bestAdam;
    private SirenModel bestByMetric;
    private double bestLoss = Double.POSITIVE_INFINITY, bestMetric = Double.NaN;

    private long step;
    private long elapsedBefore;       // nanoseconds trained before this process (a resumed run)
    private long startNanos = Long.MIN_VALUE;
    private double lrScale = 1, loss = Double.NaN, lastRate;
    private int rollbacks, spikes, badInARow;
    private double[] history;
    private Trainer.StopReason stop;

    public TrainingSession(SirenEngine engine, SirenModel model, Objective objective, Trainer.Config cfg) {
        if (objective.inputs() != model.spec().inputs())
            throw new IllegalArgumentException("objective has " + objective.inputs() + "-d points, model takes " + model.spec().inputs());
        for (var r : objective.residuals())
            for (var t : r.terms())
                if (t.channel().output() >= model.spec().outputs())
                    throw new IllegalArgumentException("residual '" + r.name() + "' uses output " + t.channel().output() + " of a " + model.spec().outputs() + "-output model");
        this.engine = engine;
        this.model = model;
        this.objective = objective;
        this.cfg = cfg;
        this.groups = objective.groups();
        for (Buf p : model.parameters()) grads.add(p.zerosLike());
        adam = new Adam(model.parameters(), cfg.beta1, cfg.beta2, cfg.eps);
        best = model.copy(model.precision());
        bestAdam = new Adam(best.parameters(), cfg.beta1, cfg.beta2, cfg.eps);
        rnd = new Rng(cfg.seed);
        history = new double[Math.max(1024, Math.min(cfg.steps, 1 << 20))];
        x = new double[groups.size()][];
        index = new int[groups.size()][];
        sizeBuffers();
    }

    /** (Re)sizes the per-group batch buffers after a group's points changed. */
    private void sizeBuffers() {
        int d = objective.inputs();
        for (int g = 0; g < groups.size(); g++) {
            PointGroup grp = groups.get(g);
            int n = grp.batchSize();
            boolean full = grp.fullBatch();
            if (!full && (x[g] == null || x[g] == grp.points() || x[g].length != n * d)) x[g] = new double[n * d];
            if (!full && (index[g] == null || index[g].length != n)) index[g] = new int[n];
            if (full) { x[g] = null; index[g] = null; }
            int chunk = chunkFor(grp);
            int need = grp.request().channelCount() * model.spec().outputs() * chunk;
            if (adjoint.length < need) adjoint = new double[need];
            if (chunk < n && xChunk.length < chunk * d) xChunk = new double[chunk * d];
        }
    }

    private int chunkFor(PointGroup g) {
        int n = g.batchSize();
        return Math.min(n, cfg.chunk > 0 ? cfg.chunk : chunkFor(model.spec(), g.request().channelCount(), 512L << 20));
    }

    /** Points per pass that keep a pass's activation buffers near {@code bytes}. */
    private static int chunkFor(SirenSpec spec, int channels, long bytes) {
        long perPoint = (long) channels * spec.hidden() * (2L * spec.sineLayers() + 1) * 4;
        return (int) Math.max(1024, Math.min(Integer.MAX_VALUE, bytes / perPoint));
    }

    private long now() { return cfg.clock.getAsLong(); }

    /** Seconds trained so far (over every process of a resumed run). */
    public double elapsedSeconds() { return elapsedNanos() * 1e-9; }

    private long elapsedNanos() { return elapsedBefore + (startNanos == Long.MIN_VALUE ? 0 : now() - startNanos); }

    /** Adam steps taken. */
    public long steps() { return step; }

    /** The loss of the last step's batch (before its update). */
    public double loss() { return loss; }

    public double learningRate() { return lastRate; }

    public double bestLoss() { return bestLoss; }

    public int rollbacks() { return rollbacks; }

    public int spikes() { return spikes; }

    public SirenModel model() { return model; }

    public Adam optimizer() { return adam; }

    /** Whether the run has reached its steps, time, target metric, or was cancelled. */
    public boolean done() {
        if (stop != null) return true;
        if (cfg.steps > 0 && step >= cfg.steps) stop = Trainer.StopReason.STEPS;
        else if (cfg.seconds > 0 && step > 0 && elapsedSeconds() >= cfg.seconds) stop = Trainer.StopReason.TIME;
        return stop != null;
    }

    public void cancel() { if (stop == null) stop = Trainer.StopReason.CANCELLED; }

    /** Replaces a group's points between steps (sizes of batches follow). */
    public void setPoints(String group, double[] coords) {
        objective.group(group).setPoints(coords);
        sizeBuffers();
    }

    /** The loss and gradients of the current weights on each group's batch for this step; false if not finite. */
    private double lossAndGradient(boolean drawBatches) {
        int d = objective.inputs();
        double total = 0;
        boolean first = true;
        for (int g = 0; g < groups.size(); g++) {
            PointGroup grp = groups.get(g);
            if (drawBatches && grp.resamplesAt(step)) grp.resample(rnd);
            int n = grp.batchSize();
            double[] pts = grp.points(), xs = pts;
            int[] idx = index[g];
            if (idx != null) {
                int count = grp.count();
                xs = x[g];
                if (drawBatches)
                    for (int b = 0; b < n; b++) {
                        int i = rnd.nextInt(count);
                        idx[b] = i;
                        System.arraycopy(pts, i * d, xs, b * d, d);
                    }
            }
            int chunk = chunkFor(grp);
            for (int offset = 0; offset < n; offset += chunk) {
                int m = Math.min(chunk, n - offset);
                double[] xc = xs;
                if (chunk < n) {
                    System.arraycopy(xs, offset * d, xChunk, 0, m * d);
                    xc = xChunk;
                }
                Channels y = engine.forward(model, grp.request(), xc, m);
                double part = grp.evaluate(y, idx, offset, n, adjoint);
                total += part;
                if (!Double.isFinite(part)) return Double.NaN;
                engine.backward(adjoint, grads, !first);
                first = false;
            }
        }
        return total;
    }

    /**
     * One step. Returns true when Adam took a step, false when the step was refused (a non-finite loss or
     * a spike: the weights of the lowest loss were put back and the rate lowered) or the run is done.
     */
    public boolean step(Trainer.Listener listener) {
        if (done()) return false;
        if (startNanos == Long.MIN_VALUE) startNanos = now();
        double l = lossAndGradient(true);
        double norm2 = Double.isFinite(l) ? Adam.squaredNorm(grads) : Double.NaN;
        double lr = cfg.schedule.rate(cfg.progress(step, elapsedSeconds())) * lrScale;
        lastRate = lr;
        boolean guard = cfg.spikeFactor > 0;
        if (!Double.isFinite(l) || !Double.isFinite(norm2)) {
            rollBack(guard);
            rollbacks++;
            listener.onNotice(String.format("step %d: %s is not finite; rolled back to the %s weights and halved the learning rate to %.3g",
                    step + 1, Double.isFinite(l) ? "gradient" : "loss " + l, guard ? "best" : "last good", lr * 0.5));
            lrScale *= 0.5;
            if (++badInARow > 30) throw new IllegalStateException("training diverged: " + badInARow + " bad steps in a row");
            return false;
        }
        if (guard && step > 0 && l > cfg.spikeFactor * bestLoss) {
            rollBack(true);
            spikes++;
            lrScale *= cfg.spikeRateDrop;
            listener.onNotice(String.format("step %d: loss %.4g jumped above %.0fx its lowest %.4g; put back the best weights, learning rate now %.3g",
                    step + 1, l, cfg.spikeFactor, bestLoss, lr * cfg.spikeRateDrop));
            if (++badInARow > 30) throw new IllegalStateException("training diverged: " + badInARow + " spikes in a row");
            return false;
        }
        badInARow = 0;
        if (l < bestLoss) {
            bestLoss = l;
            if (guard || cfg.keep == Trainer.Keep.BEST_LOSS) { // the weights that gave this loss, before the update
                best.setParameters(model);
                adam.copyStateTo(bestAdam);
            }
        }
        double clip = cfg.clipNorm > 0 && norm2 > cfg.clipNorm * cfg.clipNorm ? cfg.clipNorm / Math.sqrt(norm2) : 1;
        adam.step(grads, lr, clip);
        loss = l;
        if (step == history.length) history = Arrays.copyOf(history, 2 * history.length);
        history[(int) step++] = l;
        if (cfg.between != null && step % cfg.betweenEvery == 0 && !done()) {
            cfg.between.run(model);
            bestLoss = Double.POSITIVE_INFINITY; // losses before the objective changed compare with nothing after it
        }

        double elapsed = elapsedSeconds(), metric = Double.NaN;
        boolean last = done();
        if (cfg.metric != null && (step % cfg.evalEvery == 0 || last)) {
            metric = cfg.metric.measure(model);
            if (!(metric <= bestMetric)) {
                bestMetric = metric;
                if (cfg.keep == Trainer.Keep.BEST_METRIC) {
                    if (bestByMetric == null) bestByMetric = model.copy(model.precision());
                    else bestByMetric.setParameters(model);
                }
            }
            if (!Double.isNaN(cfg.targetMetric) && metric >= cfg.targetMetric && stop == null) stop = Trainer.StopReason.TARGET;
        }
        double eta = cfg.steps > 0 ? elapsed / step * (cfg.steps - step) : Double.POSITIVE_INFINITY;
        if (cfg.seconds > 0) eta = Math.min(eta, Math.max(0, cfg.seconds - elapsed));
        if (cfg.finish != null) eta += cfg.finish.seconds();
        listener.onProgress(new Trainer.Progress(step, cfg.steps, l, metric, lr, elapsed, eta));
        return true;
    }

    private void rollBack(boolean toBest) {
        if (toBest && bestLoss < Double.POSITIVE_INFINITY) {
            model.setParameters(best);
            bestAdam.copyStateTo(adam);
        } else if (step > 0) {
            adam.undo();
        }
    }

    /**
     * Ends the run: the L-BFGS finish when configured (from the best weights), then the weights the config
     * keeps. Returns what the run did.
     */
    public Trainer.Result finish(Trainer.Listener listener) {
        if (stop == null) stop = Trainer.StopReason.CANCELLED;
        double seconds = elapsedSeconds();
        double finishLoss = Double.NaN;
        int finishIters = 0;
        if (cfg.keep == Trainer.Keep.BEST_LOSS || cfg.finish != null) restoreBestLoss();
        // the finish polishes; a run that met its target or was cancelled needs none
        if (cfg.finish != null && stop != Trainer.StopReason.CANCELLED && stop != Trainer.StopReason.TARGET) {
            if (cfg.finish.method() == Trainer.Finish.Method.LBFGS) {
                Lbfgs.Result r = lbfgs(cfg.finish, listener);
                finishLoss = r.value();
                finishIters = r.iterations();
                seconds += r.seconds();
            } else {
                LevenbergMarquardt.Result r = levenbergMarquardt(cfg.finish, listener);
                finishLoss = r.loss();
                finishIters = r.iterations();
                seconds += r.seconds();
            }
        } else if (cfg.keep == Trainer.Keep.BEST_METRIC && bestByMetric != null) {
            double now = cfg.metric.measure(model);
            if (bestMetric > now) model.setParameters(bestByMetric);
        }
        double finalLoss = Double.isNaN(finishLoss) ? currentLoss() : finishLoss;
        return new Trainer.Result(step, finalLoss, bestMetric, seconds, stop, rollbacks, spikes, finishLoss, finishIters,
                Arrays.copyOf(history, (int) step));
    }

    /** Puts back the lowest-loss weights unless the current ones do better on the same points. */
    private void restoreBestLoss() {
        if (bestLoss == Double.POSITIVE_INFINITY) return;
        double now = currentLoss();
        if (!(now <= bestLoss)) model.setParameters(best);
    }

    /** The loss of the current weights on the current batches (no new draw). */
    private double currentLoss() {
        if (step == 0) return Double.NaN;
        return lossAndGradient(false);
    }

    private Lbfgs.Result lbfgs(Trainer.Finish f, Trainer.Listener listener) {
        // full batches: every group's points, fixed for the finish
        int[][] savedIndex = index.clone();
        Arrays.fill(index, null);
        int[] tick = {0};
        try {
            Lbfgs.Function fn = (w, g) -> {
                model.setFlatParameters(w);
                double l = lossAndGradient(false);
                int k = 0;
                for (Buf b : grads) for (int i = 0; i < b.length; i++) g[k++] = b.get(i);
                return l;
            };
            Lbfgs.Listener shown = (it, v) -> {
                if (++tick[0] % 10 == 0)
                    listener.onProgress(new Trainer.Progress(step, cfg.steps, v, Double.NaN, 0, elapsedSeconds(), Double.NaN));
            };
            if (cfg.between == null) return Lbfgs.minimize(fn, model.flatParameters(), f.history(), f.maxIterations(), f.seconds(), cfg.clock, shown);
            // the objective changes between runs: L-BFGS in pieces, each from the last one's weights with a fresh memory
            int done = 0, evaluations = 0;
            double seconds = 0, value = Double.NaN;
            while (done < f.maxIterations()) {
                cfg.between.run(model);
                int piece = Math.min(cfg.betweenEvery, f.maxIterations() - done);
                Lbfgs.Result r = Lbfgs.minimize(fn, model.flatParameters(), f.history(), piece, f.seconds() - seconds, cfg.clock, shown);
                done += r.iterations();
                evaluations += r.evaluations();
                seconds += r.seconds();
                value = r.value();
                if (r.iterations() < piece || seconds >= f.seconds()) break; // converged, or out of time
            }
            return new Lbfgs.Result(value, done, evaluations, seconds);
        } finally {
            System.arraycopy(savedIndex, 0, index, 0, index.length);
        }
    }

    /** The data-fit finish: checks that the objective is one (a mean of (u - target)^2 on one group). */
    private LevenbergMarquardt.Result levenbergMarquardt(Trainer.Finish f, Trainer.Listener listener) {
        String shape = "the Levenberg-Marquardt finish fits data: one point group with one MSE residual on the value of a one-output net (use L-BFGS otherwise)";
        if (groups.size() != 1 || groups.get(0).residualList().size() != 1 || model.spec().outputs() != 1) throw new IllegalArgumentException(shape);
        PointGroup grp = groups.get(0);
        var r = grp.residualList().get(0);
        var terms = r.terms();
        if (r.norm() != Objective.Norm.MSE || r.pointWeight() != null || terms.size() != 1
                || terms.get(0).channel().kind() != org.siren4j.core.ChannelRef.Kind.VALUE
                || terms.get(0).function() != null || terms.get(0).perPoint() != null || terms.get(0).constant() != 1)
            throw new IllegalArgumentException(shape);
        int n = grp.count(), d = objective.inputs();
        double[] target = new double[n];
        for (int p = 0; p < n; p++) target[p] = r.targetAt(p, grp.points(), d);
        LevenbergMarquardt lm = new LevenbergMarquardt(model, grp.points(), target);
        LevenbergMarquardt.Result res = lm.minimize(model, f.seconds(), f.maxIterations(), LevenbergMarquardt.MAX_CG, cfg.clock, (it, v) ->
                listener.onProgress(new Trainer.Progress(step, cfg.steps, v * r.weight(), Double.NaN, 0, elapsedSeconds(), Double.NaN)));
        return new LevenbergMarquardt.Result(res.loss() * r.weight(), res.iterations(), res.cgIterations(), res.seconds());
    }

    // ------------------------------------------------------------------------------------ checkpoints

    /** Writes the whole state to {@code file} atomically (temp file, then rename); {@link Checkpoint} frames it. */
    public void save(Path file) throws IOException {
        Checkpoint.write(file, model, out -> {
            Checkpoint.writeParams(out, model);
            adam.write(out);
            out.writeLong(step);
            out.writeLong(elapsedNanos());
            out.writeDouble(lrScale);
            out.writeDouble(loss);
            out.writeLong(rnd.state());
            out.writeDouble(bestLoss);
            out.writeDouble(bestMetric);
            out.writeInt(rollbacks);
            out.writeInt(spikes);
            Checkpoint.writeParams(out, best);
            bestAdam.write(out);
            out.writeBoolean(bestByMetric != null);
            if (bestByMetric != null) Checkpoint.writeParams(out, bestByMetric);
            Checkpoint.writeGroups(out, groups);
            out.writeInt((int) step);
            for (int i = 0; i < step; i++) out.writeDouble(history[i]);
            if (cfg.between != null) cfg.between.save(out); // what the work between steps changed (a problem's coefficients)
        });
    }

    /** Restores the state saved by {@link #save} into this session (same spec, data type and groups). */
    public void restore(Path file) throws IOException {
        Checkpoint.read(file, model, in -> {
            Checkpoint.readParams(in, model);
            adam.read(in);
            step = in.readLong();
            elapsedBefore = in.readLong();
            startNanos = Long.MIN_VALUE;
            lrScale = in.readDouble();
            loss = in.readDouble();
            rnd.setState(in.readLong());
            bestLoss = in.readDouble();
            bestMetric = in.readDouble();
            rollbacks = in.readInt();
            spikes = in.readInt();
            Checkpoint.readParams(in, best);
            bestAdam.read(in);
            if (in.readBoolean()) {
                if (bestByMetric == null) bestByMetric = model.copy(model.precision());
                Checkpoint.readParams(in, bestByMetric);
            }
            Checkpoint.readGroups(in, groups, file);
            int h = in.readInt();
            history = new double[Math.max(1024, h)];
            for (int i = 0; i < h; i++) history[i] = in.readDouble();
            if (cfg.between != null) cfg.between.restore(in);
            stop = null;
            badInARow = 0;
        });
    }
}
