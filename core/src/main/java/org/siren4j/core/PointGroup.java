package org.siren4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A named set of points (interior, boundary, initial, data, ...) with the residuals that hold there. Each
 * group has its own points (fixed, or drawn by a {@link Sampler} and redrawn during training), its own batch
 * size, and carries only the derivative channels its residuals use: boundary points never pay for a
 * Laplacian. A residual's loss is a mean over its own group's batch.
 * <pre>
 *   PointGroup.sampled("interior", 2, 4096, Sampler.box(lo, hi))
 *       .residual(Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).target(source))
 *   PointGroup.fixed("boundary", 2, edgePoints).batch(512).residual(Residual.mse("bc").term(ChannelRef.value(0)).weight(100))
 * </pre>
 */
public final class PointGroup {
    private final String name;
    private final int inputs;
    private final Sampler sampler;
    private double[] points;
    private int count;
    private int batch;
    private int resampleEvery;
    private final List<Residual> residuals = new ArrayList<>();
    private DerivativeRequest request;
    private double[] lastTermLoss = new double[0];

    private PointGroup(String name, int inputs, Sampler sampler, double[] points, int count) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a point group needs a name");
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1");
        this.name = name;
        this.inputs = inputs;
        this.sampler = sampler;
        this.points = points;
        this.count = count;
        this.resampleEvery = sampler == null ? 0 : 1;
    }

    /** Fixed points, {@code coords[point * inputs + j]}. */
    public static PointGroup fixed(String name, int inputs, double[] coords) {
        checkCoords(inputs, coords);
        return new PointGroup(name, inputs, null, coords, coords.length / inputs);
    }

    /** {@code count} points drawn by {@code sampler}, redrawn every step (see {@link #resampleEvery}). */
    public static PointGroup sampled(String name, int inputs, int count, Sampler sampler) {
        if (count < 1) throw new IllegalArgumentException("group '" + name + "' needs at least one point");
        if (sampler == null) throw new IllegalArgumentException("group '" + name + "' needs a sampler");
        return new PointGroup(name, inputs, sampler, new double[Math.multiplyExact(count, inputs)], count);
    }

    private static void checkCoords(int inputs, double[] coords) {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1");
        if (coords == null || coords.length == 0 || coords.length % inputs != 0)
            throw new IllegalArgumentException("coordinates must hold a whole, non-zero number of " + inputs + "-d points");
    }

    /** Points per step drawn at random from the group's points ({@code <= 0}: all of them, every step). */
    public PointGroup batch(int n) {
        this.batch = Math.max(0, n);
        return this;
    }

    /** A sampled group draws new points every {@code steps} steps (0: once, at the start). */
    public PointGroup resampleEvery(int steps) {
        if (sampler == null) throw new IllegalStateException("group '" + name + "' has fixed points: nothing to resample");
        if (steps < 0) throw new IllegalArgumentException("resample interval must be >= 0");
        this.resampleEvery = steps;
        return this;
    }

    public PointGroup residual(Residual... rs) {
        if (request != null) throw new IllegalStateException("group '" + name + "' is in use: add residuals before training");
        for (Residual r : rs) {
            if (sampler != null && r.usesArrays())
                throw new IllegalArgumentException("group '" + name + "' is resampled, so residual '" + r.name()
                        + "' cannot use per-point arrays: give its coefficients and target as PointFunctions");
            r.check(count);
            residuals.add(r);
        }
        return this;
    }

    public PointGroup residuals(List<Residual> rs) { return residual(rs.toArray(Residual[]::new)); }

    public String name() { return name; }

    public int inputs() { return inputs; }

    /** Current number of points. */
    public int count() { return count; }

    /** Points per step: the batch size, or every point. */
    public int batchSize() { return batch <= 0 || batch >= count ? count : batch; }

    public boolean fullBatch() { return batchSize() == count; }

    public boolean isSampled() { return sampler != null; }

    public int resampleInterval() { return resampleEvery; }

    /** The current points, {@code [point * inputs + j]} (live: a sampled group refills it). */
    public double[] points() { return points; }

    public List<Residual> residualList() { return List.copyOf(residuals); }

    /** The channels this group's residuals use, and nothing more. */
    public DerivativeRequest request() {
        if (request == null) {
            if (residuals.isEmpty()) throw new IllegalStateException("group '" + name + "' has no residuals");
            List<ChannelRef> refs = new ArrayList<>();
            for (Residual r : residuals) for (Residual.Term t : r.terms()) refs.add(t.channel());
            request = DerivativeRequest.of(inputs, refs);
            lastTermLoss = new double[residuals.size()];
        }
        return request;
    }

    /** Replaces the points (any number). Residuals with per-point arrays must still match them. */
    public void setPoints(double[] coords) {
        checkCoords(inputs, coords);
        for (Residual r : residuals) r.check(coords.length / inputs);
        if (sampler != null && coords.length != points.length)
            throw new IllegalArgumentException("group '" + name + "' is sampled: new points must keep its count of " + count);
        points = coords;
        count = coords.length / inputs;
    }

    /** Draws new points (a sampled group; a fixed one is left as it is). */
    public void resample(Rng rnd) {
        if (sampler != null) sampler.sample(rnd, points, count);
    }

    /** Whether a sampled group draws new points before step {@code step} (0-based). */
    public boolean resamplesAt(long step) {
        return sampler != null && (step == 0 || (resampleEvery > 0 && step % resampleEvery == 0));
    }

    /** Each residual's weighted share of the last evaluation, in residual order. */
    public double[] lastTermLosses() { return lastTermLoss.clone(); }

    /**
     * The loss of one chunk of a batch of {@code total} points whose forward pass is {@code y}: chunk row b is
     * batch row {@code offset + b}, which is group point {@code index[offset + b]} (or {@code offset + b}
     * without an index). Returns this chunk's share of the batch loss (a mean over all {@code total} points),
     * so chunk losses add up. When {@code adjoint} is not null it receives dL/d(channel data), laid out as
     * {@link Channels}.
     */
    public double evaluate(Channels y, int[] index, int offset, int total, double[] adjoint) {
        request();
        int n = y.points(), d = inputs;
        double[] pts = points, data = y.data();
        if (adjoint != null) Arrays.fill(adjoint, 0, y.request().channelCount() * y.outputs() * n, 0.0);
        double loss = 0;
        for (int ri = 0; ri < residuals.size(); ri++) {
            Residual r = residuals.get(ri);
            List<Residual.Term> terms = r.terms();
            int nt = terms.size();
            int[] offsets = r.offsets(y);
            double[] coef = r.coefficientRow(); // each coefficient once per point: a PointFunction may be costly
            double scale = r.weight() / total, sum = 0;
            double[] pw = r.pointWeight();
            boolean mse = r.norm() == Objective.Norm.MSE;
            for (int b = 0; b < n; b++) {
                int i = index == null ? offset + b : index[offset + b];
                double res = -r.targetAt(i, pts, d);
                for (int t = 0; t < nt; t++) {
                    coef[t] = terms.get(t).coefficient(i, pts, d);
                    res += coef[t] * data[offsets[t] + b];
                }
                double wgt = pw == null ? 1 : pw[i];
                double dl;
                if (mse) {
                    sum += wgt * res * res;
                    dl = 2 * res;
                } else {
                    sum += wgt * Math.abs(res);
                    dl = Math.signum(res);
                }
                if (adjoint != null) {
                    double g = scale * wgt * dl;
                    for (int t = 0; t < nt; t++) adjoint[offsets[t] + b] += g * coef[t];
                }
            }
            lastTermLoss[ri] = (offset == 0 ? 0 : lastTermLoss[ri]) + sum * scale;
            loss += sum * scale;
        }
        return loss;
    }

    @Override
    public String toString() {
        return name + " (" + count + (sampler != null ? " sampled" : "") + " points, batch " + batchSize() + ", " + request() + ")";
    }
}
