package org.siren4j.pde;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.ComplexResidual;
import org.siren4j.core.Objective;
import org.siren4j.core.PointFunction;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Sampler;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.pde.fd.HelmholtzFd;
import org.siren4j.pde.special.GaussianSourceField;

/**
 * The paper's Helmholtz problem as data: {@code Lap u + k^2 / c(x)^2 u = f} on {@code [-1, 1]^2} with a Gaussian
 * source of unit strength (std {@code sigma}) at {@code (sx, sy)}, and a perfectly matched layer of width
 * {@code W} along the edge that absorbs what radiates out: the coordinates are stretched by
 * {@code e_x = 1 - i a0 (d_x / W)^2} ({@code d_x} the depth into the layer). The FD reference solves the
 * divergence form {@code d/dx(A u_x) + d/dy(B u_y) + C k^2/c^2 u = f} ({@code A = e_y/e_x}, {@code B = e_x/e_y},
 * {@code C = e_x e_y}); the network trains on the same equation divided by C, written out on its channels,
 * <pre>
 *   u_xx / e_x^2 - (e_x' / e_x^3) u_x + u_yy / e_y^2 - (e_y' / e_y^3) u_y + k^2 / c^2 u = f
 * </pre>
 * a complex residual whose per-point complex coefficients mix the two outputs (real, imaginary). Divided by
 * C, no coefficient exceeds 1 (C reaches 26 k^2 in the corners at a0 = 5), so the layer no longer outweighs the
 * rest of the domain in the loss (rel L2 0.77 in the divergence form after 300 s, see the issue notes).
 * The network's outputs are the field times {@link #OUTPUT_SCALE}, so that they are of order one.
 */
public final class HelmholtzProblem {
    /** The network learns {@code OUTPUT_SCALE * u}: the field of a unit source is ~0.05-0.3 over the domain. */
    public static final double OUTPUT_SCALE = 10;

    private final double k, sx, sy, sigma, width, a0;
    private final DoubleBinaryOperator velocity;

    /** {@code velocity} null: a homogeneous medium (c = 1), where the analytic solution applies. */
    public HelmholtzProblem(double k, double sx, double sy, double sigma, double pmlWidth, double a0, DoubleBinaryOperator velocity) {
        if (!(k > 0) || !Double.isFinite(k)) throw new IllegalArgumentException("k must be > 0, got " + k);
        if (!(Math.abs(sx) < 1 && Math.abs(sy) < 1)) throw new IllegalArgumentException("the source (" + sx + ", " + sy + ") lies outside the domain (-1, 1)^2");
        if (!(sigma > 0)) throw new IllegalArgumentException("source sigma must be > 0, got " + sigma);
        if (!(pmlWidth >= 0) || pmlWidth >= 1) throw new IllegalArgumentException("PML width must lie in [0, 1) (half the domain), got " + pmlWidth);
        if (!(a0 >= 0) || !Double.isFinite(a0)) throw new IllegalArgumentException("PML a0 must be >= 0, got " + a0);
        if (Math.max(Math.abs(sx), Math.abs(sy)) > 1 - pmlWidth) throw new IllegalArgumentException("the source lies inside the PML");
        this.k = k;
        this.sx = sx;
        this.sy = sy;
        this.sigma = sigma;
        this.width = pmlWidth;
        this.a0 = a0;
        this.velocity = velocity;
    }

    public double sigma() { return sigma; }

    public double k() { return k; }

    public boolean homogeneous() { return velocity == null; }

    private double depth(double s) { return width == 0 ? 0 : Math.max(0, Math.abs(s) - (1 - width)) / width; }

    /** Im e(s) = -a0 (d / W)^2; Re e = 1. */
    private double eIm(double s) {
        double d = depth(s);
        return -a0 * d * d;
    }

    /** d/ds of Im e(s). */
    private double eImPrime(double s) {
        if (width == 0 || Math.abs(s) <= 1 - width) return 0;
        return -2 * a0 * depth(s) * Math.signum(s) / width;
    }

    public double source(double x, double y) {
        double r2 = (x - sx) * (x - sx) + (y - sy) * (y - sy);
        return Math.exp(-r2 / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma);
    }

    private double kk(double x, double y) {
        if (velocity == null) return k * k;
        double c = velocity.applyAsDouble(x, y);
        return k * k / (c * c);
    }

    /** Whether a point lies outside the PML (where the error is measured). */
    public boolean inside(double x, double y) { return Math.abs(x) <= 1 - width && Math.abs(y) <= 1 - width; }

    /**
     * The PDE on {@code uniform} points drawn over the domain each step, and on {@code nearSource} points drawn
     * around the source (normal, std 3 sigma): a narrow source is otherwise seen by few points.
     */
    public Objective objective(int uniform, int nearSource) {
        return Objective.of(2,
                PointGroup.sampled("domain", 2, uniform, Sampler.box(new double[] {-1, -1}, new double[] {1, 1})).residuals(residuals()),
                PointGroup.sampled("source", 2, nearSource, sourceSampler()).residuals(residuals()));
    }

    /** The stretching {@code e(s) = 1 + i Im e(s)} along one coordinate, as {re, im}. */
    public double[] stretch(double s) { return new double[] {1, eIm(s)}; }

    /** The complex PDE residual as its real and imaginary parts (new instances: each point group needs its own). */
    public List<org.siren4j.core.Residual> residuals() {
        // the divergence form divided by C = e_x e_y: (1/e_x) d/dx((1/e_x) du/dx) + (1/e_y) d/dy((1/e_y) du/dy) + k^2/c^2 u = f,
        // i.e. u_xx / e_x^2 - e_x' / e_x^3 u_x + (same in y) + k^2/c^2 u = f (f vanishes in the layer, where C != 1)
        PointFunction xxRe = (p, o) -> invSquareRe(eIm(p[o])), xxIm = (p, o) -> invSquareIm(eIm(p[o]));
        PointFunction yyRe = (p, o) -> invSquareRe(eIm(p[o + 1])), yyIm = (p, o) -> invSquareIm(eIm(p[o + 1]));
        PointFunction xRe = (p, o) -> slopeRe(eIm(p[o]), eImPrime(p[o])), xIm = (p, o) -> slopeIm(eIm(p[o]), eImPrime(p[o]));
        PointFunction yRe = (p, o) -> slopeRe(eIm(p[o + 1]), eImPrime(p[o + 1])), yIm = (p, o) -> slopeIm(eIm(p[o + 1]), eImPrime(p[o + 1]));
        return ComplexResidual.mse("helmholtz")
                .term(ChannelRef.secondDerivative(0, 0, 2), ChannelRef.secondDerivative(1, 0, 2), xxRe, xxIm)
                .term(ChannelRef.gradient(0, 0), ChannelRef.gradient(1, 0), xRe, xIm)
                .term(ChannelRef.secondDerivative(0, 1, 2), ChannelRef.secondDerivative(1, 1, 2), yyRe, yyIm)
                .term(ChannelRef.gradient(0, 1), ChannelRef.gradient(1, 1), yRe, yIm)
                .term(ChannelRef.value(0), ChannelRef.value(1), (p, o) -> kk(p[o], p[o + 1]), null)
                .target((p, o) -> OUTPUT_SCALE * source(p[o], p[o + 1]), null).expand();
    }

    // per point and step, one part at a time: scalars, no arrays
    /** Re of 1 / e^2 for e = 1 + i q: ((1 - q^2) - 2 i q) / (1 + q^2)^2. */
    private static double invSquareRe(double q) { return (1 - q * q) / ((1 + q * q) * (1 + q * q)); }

    private static double invSquareIm(double q) { return -2 * q / ((1 + q * q) * (1 + q * q)); }

    /** Re of -e' / e^3 for e = 1 + i q, e' = i q': -i q' (1 - i q)^3 / (1 + q^2)^3, (1 - i q)^3 = (1 - 3 q^2) + i (q^3 - 3 q). */
    private static double slopeRe(double q, double qPrime) { return qPrime * (q * q * q - 3 * q) / Math.pow(1 + q * q, 3); }

    private static double slopeIm(double q, double qPrime) { return -qPrime * (1 - 3 * q * q) / Math.pow(1 + q * q, 3); }

    private Sampler sourceSampler() {
        double std = 3 * sigma;
        return (rnd, out, n) -> {
            for (int p = 0; p < n; p++) {
                double x, y;
                do { // Box-Muller, points outside the domain drawn again
                    double r = std * Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())), a = 2 * Math.PI * rnd.nextDouble();
                    x = sx + r * Math.cos(a);
                    y = sy + r * Math.sin(a);
                } while (Math.abs(x) > 1 || Math.abs(y) > 1);
                out[2 * p] = x;
                out[2 * p + 1] = y;
            }
        };
    }

    /** The field (re, im) on the grid, from the network. */
    public double[][] field(SirenModel model, SirenEngine engine, Grid g) {
        double[] pts = g.points();
        double[] re = model.evaluate(engine, pts, g.size(), 0), im = model.evaluate(engine, pts, g.size(), 1);
        for (int p = 0; p < re.length; p++) { re[p] /= OUTPUT_SCALE; im[p] /= OUTPUT_SCALE; }
        return new double[][] {re, im};
    }

    /** The analytic free-space field (homogeneous medium only). */
    public double[][] exact(Grid g) {
        if (velocity != null) throw new IllegalStateException("no analytic solution in a heterogeneous medium");
        GaussianSourceField f = new GaussianSourceField(k, sigma);
        double[] re = new double[g.size()], im = new double[g.size()];
        for (int i = 0; i < g.ny(); i++)
            for (int j = 0; j < g.nx(); j++) {
                double[] u = f.at(Math.hypot(g.x(j) - sx, g.y(i) - sy));
                re[i * g.nx() + j] = u[0];
                im[i * g.nx() + j] = u[1];
            }
        return new double[][] {re, im};
    }

    /** The FD reference with the same PML and u = 0 on the outer edge. */
    public HelmholtzFd.Solution reference(Grid g) {
        HelmholtzFd.Stretch e = new HelmholtzFd.Stretch() {
            public double re(double s) { return 1; }

            public double im(double s) { return eIm(s); }
        };
        return HelmholtzFd.solve(g, k, e, e, velocity == null ? (x, y) -> 1 : velocity, this::source);
    }

    /** The mask of grid points outside the PML. */
    public boolean[] insideMask(Grid g) {
        boolean[] m = new boolean[g.size()];
        for (int i = 0; i < g.ny(); i++) for (int j = 0; j < g.nx(); j++) m[i * g.nx() + j] = inside(g.x(j), g.y(i));
        return m;
    }

    /** Relative L2 error of a complex field over a mask. */
    public static double relL2(double[][] u, double[][] ref, boolean[] mask) {
        double e = 0, s = 0;
        for (int p = 0; p < u[0].length; p++) {
            if (mask != null && !mask[p]) continue;
            double dr = u[0][p] - ref[0][p], di = u[1][p] - ref[1][p];
            e += dr * dr + di * di;
            s += ref[0][p] * ref[0][p] + ref[1][p] * ref[1][p];
        }
        return Math.sqrt(e / s);
    }
}
