package org.siren4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What to fit, as data: the sample points and a list of {@link Residual}s on derivative channels. Audio,
 * image, Poisson, Helmholtz (with PML) and wave problems are all objectives; the trainer never changes.
 *
 * <p>Loss = sum over residuals of {@code weight * mean_b(pointWeight_b * rho(r_b))} over the batch, where
 * {@code r = sum_t coef_t * channel_t - target} and rho is the square (MSE) or the absolute value (L1).
 */
public final class Objective {
    public enum Norm { MSE, L1 }

    private final int inputs;
    private final int points;
    private final double[] coords;
    private final List<Residual> residuals;
    private final DerivativeRequest request;
    private final double[] lastTermLoss;

    public Objective(double[] coords, int inputs, List<Residual> residuals) {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1");
        if (coords.length == 0 || coords.length % inputs != 0)
            throw new IllegalArgumentException("coordinates must hold a whole number of " + inputs + "-d points");
        if (residuals.isEmpty()) throw new IllegalArgumentException("an objective needs at least one residual");
        this.inputs = inputs;
        this.points = coords.length / inputs;
        this.coords = coords;
        this.residuals = List.copyOf(residuals);
        List<ChannelRef> refs = new ArrayList<>();
        for (Residual r : residuals) {
            r.check(points);
            for (Residual.Term t : r.terms()) refs.add(t.channel());
        }
        this.request = DerivativeRequest.of(inputs, refs);
        this.lastTermLoss = new double[residuals.size()];
    }

    public int inputs() { return inputs; }

    public int points() { return points; }

    /** Point coordinates, {@code [point * inputs + j]}. */
    public double[] coords() { return coords; }

    public List<Residual> residuals() { return residuals; }

    public DerivativeRequest request() { return request; }

    /** Each residual's share of the last {@link #evaluate} (weighted), in residual order. */
    public double[] lastTermLosses() { return lastTermLoss.clone(); }

    /**
     * The loss on a batch whose forward pass is {@code y}, where batch row b is objective point
     * {@code index[b]} ({@code index == null}: row b is point b). When {@code adjoint} is not null it
     * receives dL/d(channel data), laid out as {@link Channels}.
     */
    public double evaluate(Channels y, int[] index, double[] adjoint) {
        return evaluate(y, index, 0, y.points(), adjoint);
    }

    /**
     * One chunk of a batch of {@code total} points: chunk row b is batch row {@code offset + b}, which is
     * objective point {@code index[offset + b]} (or {@code offset + b} without an index). Returns this
     * chunk's share of the batch loss (a mean over all {@code total} points), so chunk losses add up.
     */
    public double evaluate(Channels y, int[] index, int offset, int total, double[] adjoint) {
        int n = y.points(), outs = y.outputs();
        if (adjoint != null) java.util.Arrays.fill(adjoint, 0, y.request().channelCount() * outs * n, 0.0);
        double loss = 0;
        for (int ri = 0; ri < residuals.size(); ri++) {
            Residual r = residuals.get(ri);
            List<Residual.Term> terms = r.terms();
            int nt = terms.size();
            int[] offsets = r.offsets(y);
            double scale = r.weight() / total, sum = 0;
            double[] target = r.target(), pw = r.pointWeight();
            for (int b = 0; b < n; b++) {
                int i = index == null ? offset + b : index[offset + b];
                double res = target == null ? 0 : -target[i];
                for (int t = 0; t < nt; t++) res += terms.get(t).coefficient(i) * y.data()[offsets[t] + b];
                double wgt = pw == null ? 1 : pw[i];
                double d;
                if (r.norm() == Norm.MSE) {
                    sum += wgt * res * res;
                    d = 2 * res;
                } else {
                    sum += wgt * Math.abs(res);
                    d = Math.signum(res);
                }
                if (adjoint != null) {
                    double g = scale * wgt * d;
                    for (int t = 0; t < nt; t++) adjoint[offsets[t] + b] += g * terms.get(t).coefficient(i);
                }
            }
            lastTermLoss[ri] = (offset == 0 ? 0 : lastTermLoss[ri]) + sum * scale;
            loss += sum * scale;
        }
        return loss;
    }
}
