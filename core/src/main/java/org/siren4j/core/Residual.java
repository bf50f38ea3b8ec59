package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One residual of an {@link Objective}: {@code r(x) = sum_t coef_t(x) * channel_t(x) - target(x)}, where each
 * coefficient is a constant or a per-point array and the channels may belong to different outputs (the
 * real and imaginary parts of a Helmholtz field under a PML mix that way). Built fluently:
 * <pre>
 *   Residual.mse("data").term(ChannelRef.value(0)).target(samples)
 *   Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).term(ChannelRef.value(0), k2).target(source)
 * </pre>
 */
public final class Residual {
    /** One product {@code coef * channel}. */
    public record Term(ChannelRef channel, double constant, double[] perPoint) {
        public double coefficient(int point) { return perPoint == null ? constant : perPoint[point]; }
    }

    private final String name;
    private final Objective.Norm norm;
    private final List<Term> terms = new ArrayList<>();
    private double weight = 1;
    private double[] target;
    private double[] pointWeight;
    private int[] offsetCache = new int[0];

    private Residual(String name, Objective.Norm norm) {
        this.name = name;
        this.norm = norm;
    }

    public static Residual mse(String name) { return new Residual(name, Objective.Norm.MSE); }

    public static Residual l1(String name) { return new Residual(name, Objective.Norm.L1); }

    public Residual term(ChannelRef channel) { return term(channel, 1.0); }

    public Residual term(ChannelRef channel, double coefficient) {
        if (!Double.isFinite(coefficient)) throw new IllegalArgumentException("coefficient is not finite");
        terms.add(new Term(channel, coefficient, null));
        return this;
    }

    /** A per-point coefficient array, one entry per objective point. */
    public Residual term(ChannelRef channel, double[] coefficients) {
        terms.add(new Term(channel, 0, coefficients));
        return this;
    }

    /** Per-point target (one entry per objective point); without one the target is zero. */
    public Residual target(double[] values) {
        this.target = values;
        return this;
    }

    /** Per-point weights multiplying each point's loss (one entry per objective point). */
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

    public double[] pointWeight() { return pointWeight; }

    void check(int points) {
        if (terms.isEmpty()) throw new IllegalArgumentException("residual '" + name + "' has no terms");
        for (Term t : terms)
            if (t.perPoint() != null && t.perPoint().length != points)
                throw new IllegalArgumentException("residual '" + name + "': coefficient array has " + t.perPoint().length + " entries, objective has " + points + " points");
        if (target != null && target.length != points)
            throw new IllegalArgumentException("residual '" + name + "': target has " + target.length + " entries, objective has " + points + " points");
        if (pointWeight != null && pointWeight.length != points)
            throw new IllegalArgumentException("residual '" + name + "': weights have " + pointWeight.length + " entries, objective has " + points + " points");
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
