package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One residual of a {@link PointGroup}: {@code r(x) = sum_t coef_t(x) * channel_t(x) - target(x)}, where each
 * coefficient is a constant, a per-point array (fixed points only) or a {@link PointFunction} of the point,
 * and the channels may belong to different outputs (the real and imaginary parts of a Helmholtz field under
 * a PML mix that way; {@link ComplexResidual} writes that for you). Its loss is a mean over its own group's
 * batch. Built fluently:
 * <pre>
 *   Residual.mse("data").term(ChannelRef.value(0)).target(samples)
 *   Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).term(ChannelRef.value(0), k2).target(source)
 * </pre>
 */
public final class Residual {
    /** One product {@code coef * channel}: the coefficient is the function, else the array, else the constant. */
    public record Term(ChannelRef channel, double constant, double[] perPoint, PointFunction function) {
        /** The coefficient at point {@code point} of a group whose coordinates are {@code points} ({@code d} each). */
        public double coefficient(int point, double[] points, int d) {
            return function != null ? function.at(points, point * d) : perPoint != null ? perPoint[point] : constant;
        }
    }

    private final String name;
    private final Objective.Norm norm;
    private final List<Term> terms = new ArrayList<>();
    private double weight = 1;
    private double[] target;
    private PointFunction targetFunction;
    private double[] pointWeight;
    private int[] offsetCache = new int[0];
    private double[] coefficientCache = new double[0];

    private Residual(String name, Objective.Norm norm) {
        this.name = name;
        this.norm = norm;
    }

    public static Residual mse(String name) { return new Residual(name, Objective.Norm.MSE); }

    public static Residual l1(String name) { return new Residual(name, Objective.Norm.L1); }

    public Residual term(ChannelRef channel) { return term(channel, 1.0); }

    public Residual term(ChannelRef channel, double coefficient) {
        if (!Double.isFinite(coefficient)) throw new IllegalArgumentException("coefficient is not finite");
        terms.add(new Term(channel, coefficient, null, null));
        return this;
    }

    /** A per-point coefficient array, one entry per point of the group (fixed points only). */
    public Residual term(ChannelRef channel, double[] coefficients) {
        terms.add(new Term(channel, 0, coefficients, null));
        return this;
    }

    /** A coefficient that is a function of the point: follows resampled points. */
    public Residual term(ChannelRef channel, PointFunction coefficient) {
        terms.add(new Term(channel, 0, null, coefficient));
        return this;
    }

    /** Per-point target (one entry per point of the group); without one the target is zero. */
    public Residual target(double[] values) {
        this.target = values;
        this.targetFunction = null;
        return this;
    }

    /** A target that is a function of the point (a source term): follows resampled points. */
    public Residual target(PointFunction f) {
        this.targetFunction = f;
        this.target = null;
        return this;
    }

    /** Per-point weights multiplying each point's loss (one entry per point of the group). */
    public Residual pointWeights(double[] values) {
        this.pointWeight = values;
        return this;
    }

    /** Weight of this residual in the total loss. */
    public Residual weight(double w) {
        if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("residual weight must be >= 0 and finite");
        this.weight = w;
        return this;
    }

    public String name() { return name; }

    public Objective.Norm norm() { return norm; }

    public List<Term> terms() { return terms; }

    public double weight() { return weight; }

    public double[] target() { return target; }

    public PointFunction targetFunction() { return targetFunction; }

    /** The target at point {@code point} of a group whose coordinates are {@code points} ({@code d} each). */
    public double targetAt(int point, double[] points, int d) {
        return targetFunction != null ? targetFunction.at(points, point * d) : target != null ? target[point] : 0;
    }

    public double[] pointWeight() { return pointWeight; }

    /** Whether a per-point array ties this residual to a fixed point set. */
    boolean usesArrays() {
        if (target != null || pointWeight != null) return true;
        for (Term t : terms) if (t.perPoint() != null) return true;
        return false;
    }

    void check(int points) {
        if (terms.isEmpty()) throw new IllegalArgumentException("residual '" + name + "' has no terms");
        for (Term t : terms)
            if (t.perPoint() != null && t.perPoint().length != points)
                throw new IllegalArgumentException("residual '" + name + "': coefficient array has " + t.perPoint().length + " entries, group has " + points + " points");
        if (target != null && target.length != points)
            throw new IllegalArgumentException("residual '" + name + "': target has " + target.length + " entries, group has " + points + " points");
        if (pointWeight != null && pointWeight.length != points)
            throw new IllegalArgumentException("residual '" + name + "': weights have " + pointWeight.length + " entries, group has " + points + " points");
    }

    /** A row for one point's term coefficients (reused: no allocation per step). */
    double[] coefficientRow() {
        if (coefficientCache.length != terms.size()) coefficientCache = new double[terms.size()];
        return coefficientCache;
    }

    /** Offsets of each term's channel in the forward pass's data (cached: no allocation per step). */
    int[] offsets(Channels y) {
        if (offsetCache.length != terms.size()) offsetCache = new int[terms.size()];
        for (int t = 0; t < terms.size(); t++) {
            ChannelRef ref = terms.get(t).channel();
            offsetCache[t] = y.offset(y.request().channelIndex(ref), ref.output());
        }
        return offsetCache;
    }
}
