package org.siren4j.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to fit, as data: named {@link PointGroup}s, each with its points and the {@link Residual}s on
 * derivative channels that hold there. Audio, image, Poisson, Helmholtz (with PML) and wave problems are
 * all objectives; the trainer never changes.
 *
 * <p>Loss = sum over groups and their residuals of {@code weight * mean_b(pointWeight_b * rho(r_b))} over the
 * group's batch, where {@code r = sum_t coef_t * channel_t - target} and rho is the square (MSE) or the
 * absolute value (L1).
 */
public final class Objective {
    public enum Norm { MSE, L1 }

    private final int inputs;
    private final List<PointGroup> groups;

    /** One fixed group of points ("points") holding every residual: a data fit, or any one-set problem. */
    public Objective(double[] coords, int inputs, List<Residual> residuals) {
        this(inputs, List.of(PointGroup.fixed("points", inputs, coords).residuals(nonEmpty(residuals))));
    }

    public Objective(int inputs, List<PointGroup> groups) {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1");
        if (groups.isEmpty()) throw new IllegalArgumentException("an objective needs at least one point group");
        Set<String> names = new HashSet<>();
        for (PointGroup g : groups) {
            if (g.inputs() != inputs) throw new IllegalArgumentException("group '" + g.name() + "' has " + g.inputs() + "-d points, objective " + inputs);
            if (!names.add(g.name())) throw new IllegalArgumentException("two point groups are named '" + g.name() + "'");
            g.request(); // freezes the group: fails here if it has no residuals
        }
        this.inputs = inputs;
        this.groups = List.copyOf(groups);
    }

    public static Objective of(int inputs, PointGroup... groups) { return new Objective(inputs, List.of(groups)); }

    private static List<Residual> nonEmpty(List<Residual> rs) {
        if (rs.isEmpty()) throw new IllegalArgumentException("an objective needs at least one residual");
        return rs;
    }

    public int inputs() { return inputs; }

    public List<PointGroup> groups() { return groups; }

    public PointGroup group(String name) {
        for (PointGroup g : groups) if (g.name().equals(name)) return g;
        throw new IllegalArgumentException("no point group named '" + name + "'");
    }

    /** Every residual, group by group. */
    public List<Residual> residuals() {
        List<Residual> all = new ArrayList<>();
        for (PointGroup g : groups) all.addAll(g.residualList());
        return all;
    }

    /** Each residual's share of the last evaluation (weighted), in {@link #residuals()} order. */
    public double[] lastTermLosses() {
        double[] all = new double[residuals().size()];
        int k = 0;
        for (PointGroup g : groups) for (double v : g.lastTermLosses()) all[k++] = v;
        return all;
    }

    private PointGroup only() {
        if (groups.size() != 1) throw new IllegalStateException("this objective has " + groups.size() + " point groups: ask a group");
        return groups.get(0);
    }

    /** The points of a one-group objective. */
    public int points() { return only().count(); }

    /** Point coordinates of a one-group objective, {@code [point * inputs + j]}. */
    public double[] coords() { return only().points(); }

    /** The channels of a one-group objective. */
    public DerivativeRequest request() { return only().request(); }

    /** The loss of a one-group objective on a batch whose forward pass is {@code y} (see {@link PointGroup#evaluate}). */
    public double evaluate(Channels y, int[] index, double[] adjoint) {
        return only().evaluate(y, index, 0, y.points(), adjoint);
    }

    public double evaluate(Channels y, int[] index, int offset, int total, double[] adjoint) {
        return only().evaluate(y, index, offset, total, adjoint);
    }
}
