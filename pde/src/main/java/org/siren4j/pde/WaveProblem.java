package org.siren4j.pde;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Objective;
import org.siren4j.core.PointFunction;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.Sampler;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.pde.fd.WaveFd;

/**
 * {@code u_tt = c^2 Lap u} on {@code [-1, 1]^dim} for {@code 0 <= t <= tMax}, with {@code u = u0}, {@code u_t = v0}
 * at {@code t = 0} and {@code u = 0} on the spatial edge, as data. The network's inputs are {@code (x, t)} or
 * {@code (x, y, t)}.
 *
 * <p>The initial and edge conditions are built in rather than penalised: the field is
 * {@code u = u0(x) + t v0(x) + g(t) b(x) N(x, t)} with {@code N} the network, the gate
 * {@code g = t^2 / (t^2 + tau^2)} ({@code g(0) = g'(0) = 0}) and {@code b = prod (1 - x_j^2)} (zero on the edge), so
 * {@code u(0) = u0} and {@code u_t(0) = v0} hold exactly, {@code u = 0} on the edge wherever u0 and v0 vanish
 * there (as they must for the data to agree), and the loss is the PDE alone. A penalised edge let small waves
 * leak in from the sides: they were most of the error (4.8% at t = 0.4, 85% of it beyond r = 0.8). The gate's {@code tau} keeps N of the field's own size:
 * with {@code t^2} instead, N would have to reach {@code c^2 Lap u0 / 2} (-100 for a pulse of width 0.1), far
 * beyond what a SIREN's output starts at, and training stalled (rel L2 2.0). With
 * {@code S = N_tt - c^2 Lap N} (one second-order channel) the residual is linear in N's channels, see {@link #pde()}.
 */
public final class WaveProblem {
    private final int dim;
    private final double c, tMax;
    private double tau;
    private final DoubleBinaryOperator u0, v0;
    private DoubleBinaryOperator lapU0, lapV0;

    /** {@code u0} and {@code v0} are functions of (x, y); in 1-D y is 0. */
    public WaveProblem(int dim, double c, double tMax, DoubleBinaryOperator u0, DoubleBinaryOperator v0) {
        if (dim != 1 && dim != 2) throw new IllegalArgumentException("dimension must be 1 or 2, got " + dim);
        if (!(c > 0) || !Double.isFinite(c)) throw new IllegalArgumentException("wave speed must be > 0, got " + c);
        if (!(tMax > 0) || !Double.isFinite(tMax)) throw new IllegalArgumentException("t-max must be > 0, got " + tMax);
        this.dim = dim;
        this.c = c;
        this.tMax = tMax;
        this.u0 = u0;
        this.v0 = v0;
        this.tau = tMax / 4;
    }

    /** The gate's time scale (default a quarter of t-max). */
    public WaveProblem withGate(double tau) {
        if (!(tau > 0)) throw new IllegalArgumentException("gate time must be > 0, got " + tau);
        this.tau = tau;
        return this;
    }

    /** g(t) = t^2 / (t^2 + tau^2). */
    public double gate(double t) { return t * t / (t * t + tau * tau); }

    private double gate1(double t) {
        double d = t * t + tau * tau;
        return 2 * t * tau * tau / (d * d);
    }

    private double gate2(double t) {
        double d = t * t + tau * tau;
        return 2 * tau * tau * (tau * tau - 3 * t * t) / (d * d * d);
    }

    /**
     * Gives the Laplacians of u0 and v0 in closed form (or from a table), instead of by finite differences of
     * u0 and v0, which need them smooth to ~1e-3.
     */
    public WaveProblem withLaplacians(DoubleBinaryOperator ofU0, DoubleBinaryOperator ofV0) {
        this.lapU0 = ofU0;
        this.lapV0 = ofV0;
        return this;
    }

    /** A Gaussian bump {@code amp exp(-|x - x0|^2 / (2 sigma^2))}. */
    public static DoubleBinaryOperator gaussian(double x0, double y0, double sigma, double amp) {
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        return (x, y) -> amp * Math.exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * sigma * sigma));
    }

    public int dim() { return dim; }

    public int inputs() { return dim + 1; }

    public double c() { return c; }

    public double tMax() { return tMax; }

    /** The Laplacian of a function of (x, y) by fourth-order central differences (h = 1e-3: error ~1e-10). */
    double laplacian(DoubleBinaryOperator f, double x, double y) {
        double h = 1e-3, s = d2(f, x, y, h, 0);
        if (dim == 2) s += d2(f, x, y, 0, h);
        return s;
    }

    private double lap(DoubleBinaryOperator f, DoubleBinaryOperator given, double x, double y) {
        return given != null ? given.applyAsDouble(x, y) : laplacian(f, x, y);
    }

    private static double d2(DoubleBinaryOperator f, double x, double y, double hx, double hy) {
        double h2 = (hx + hy) * (hx + hy);
        return (-f.applyAsDouble(x + 2 * hx, y + 2 * hy) + 16 * f.applyAsDouble(x + hx, y + hy) - 30 * f.applyAsDouble(x, y)
                + 16 * f.applyAsDouble(x - hx, y - hy) - f.applyAsDouble(x - 2 * hx, y - 2 * hy)) / (12 * h2);
    }

    private double y(double[] p, int o) { return dim == 2 ? p[o + 1] : 0; }

    private double t(double[] p, int o) { return p[o + dim]; }

    /** The PDE on {@code interior} points drawn anew each step over space-time. */
    public Objective objective(int interior) {
        int d = inputs();
        double[] lo = new double[d], hi = new double[d];
        for (int j = 0; j < dim; j++) { lo[j] = -1; hi[j] = 1; }
        hi[dim] = tMax;
        return new Objective(d, List.of(PointGroup.sampled("interior", d, interior, Sampler.box(lo, hi)).residual(pde())));
    }

    /**
     * The PDE residual on the network's channels (a new instance each call: every point group needs its own):
     * with {@code u = u0 + t v0 + g b N},
     * {@code u_tt - c^2 Lap u = g b S + (g'' b - c^2 g Lap b) N + 2 g' b N_t - 2 c^2 g grad b . grad N - c^2 (Lap u0 + t Lap v0)}.
     */
    public Residual pde() {
        double c2 = c * c;
        double[] sumWeights = new double[inputs()];
        for (int j = 0; j < dim; j++) sumWeights[j] = -c2;
        sumWeights[dim] = 1;
        Residual r = Residual.mse("pde")
                .term(ChannelRef.second(0, sumWeights), (p, o) -> gate(t(p, o)) * bubble(p, o))
                .term(ChannelRef.value(0), (p, o) -> gate2(t(p, o)) * bubble(p, o) - c2 * gate(t(p, o)) * bubbleLaplacian(p, o))
                .term(ChannelRef.gradient(0, dim), (p, o) -> 2 * gate1(t(p, o)) * bubble(p, o));
        for (int j = 0; j < dim; j++) {
            int axis = j;
            r.term(ChannelRef.gradient(0, j), (p, o) -> -2 * c2 * gate(t(p, o)) * bubbleSlope(p, o, axis));
        }
        return r.target((p, o) -> c2 * (lap(u0, lapU0, p[o], y(p, o)) + t(p, o) * lap(v0, lapV0, p[o], y(p, o))));
    }

    /** b = prod (1 - x_j^2): zero on the spatial edge, so u = u0 + t v0 there. */
    private double bubble(double[] p, int o) {
        double b = 1;
        for (int j = 0; j < dim; j++) b *= 1 - p[o + j] * p[o + j];
        return b;
    }

    private double bubbleSlope(double[] p, int o, int axis) {
        double s = -2 * p[o + axis];
        for (int j = 0; j < dim; j++) if (j != axis) s *= 1 - p[o + j] * p[o + j];
        return s;
    }

    private double bubbleLaplacian(double[] p, int o) {
        if (dim == 1) return -2;
        return -2 * (1 - p[o + 1] * p[o + 1]) - 2 * (1 - p[o] * p[o]);
    }

    /** The field at time {@code t} at {@code n} points of space {@code xs} (1-D: x; 2-D: x, y pairs), from the network. */
    public double[] field(SirenModel model, SirenEngine engine, double[] xs, int n, double t) {
        int d = inputs();
        double[] pts = new double[d * n];
        for (int p = 0; p < n; p++) {
            System.arraycopy(xs, p * dim, pts, p * d, dim);
            pts[p * d + dim] = t;
        }
        return assemble(model, engine, pts, n);
    }

    /** 1-D: the field at the points {@code (x[p], t[p])}. */
    public double[] field1d(SirenModel model, SirenEngine engine, double[] x, double[] t) {
        if (dim != 1) throw new IllegalStateException("field1d is for the 1-D problem");
        int n = x.length;
        double[] pts = new double[2 * n];
        for (int p = 0; p < n; p++) { pts[2 * p] = x[p]; pts[2 * p + 1] = t[p]; }
        return assemble(model, engine, pts, n);
    }

    /** u = u0 + t v0 + g(t) b(x) N at space-time points. */
    private double[] assemble(SirenModel model, SirenEngine engine, double[] pts, int n) {
        double[] u = model.evaluate(engine, pts, n);
        int d = inputs();
        for (int p = 0, o = 0; p < n; p++, o += d) {
            double x = pts[o], y = y(pts, o), t = t(pts, o);
            u[p] = u0.applyAsDouble(x, y) + t * v0.applyAsDouble(x, y) + gate(t) * bubble(pts, o) * u[p];
        }
        return u;
    }

    /** The leapfrog reference at the given times (2-D on the grid; 1-D on the grid's first row of x). */
    public double[][] reference(Grid grid, double[] times) {
        if (dim == 2) return WaveFd.solve(grid, c, u0, v0, times, 0.5).frames();
        return WaveFd.solve1d(grid.nx(), c, x -> u0.applyAsDouble(x, 0), x -> v0.applyAsDouble(x, 0), times, 0.5).frames();
    }
}
