package org.siren4j.pde;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.Rng;
import org.siren4j.core.Sampler;
import org.siren4j.pde.fd.PoissonFd;

/**
 * {@code -Lap u = f} on the rectangle {@code [x0, x1] x [y0, y1]} with {@code u = g} on its edge, as data:
 * an interior group with the Laplacian residual and a boundary group with the value residual. The points
 * are drawn once (fixed), so the source and boundary data are evaluated once, and a quasi-Newton finish
 * sees one loss throughout.
 */
public record PoissonProblem(double x0, double x1, double y0, double y1, DoubleBinaryOperator source,
                             DoubleBinaryOperator boundary, DoubleBinaryOperator exact) {

    /** Boundary points weigh this much more than interior ones: the edge data pins the solution. */
    public static final double BOUNDARY_WEIGHT = 100;

    public PoissonProblem {
        if (!(x1 > x0) || !(y1 > y0)) throw new IllegalArgumentException("empty domain [" + x0 + ", " + x1 + "] x [" + y0 + ", " + y1 + "]");
    }

    public Objective objective(int interior, int boundaryPoints, long seed) {
        double[] lo = {x0, y0}, hi = {x1, y1};
        double[] in = new double[2 * interior], edge = new double[2 * boundaryPoints];
        Rng rnd = new Rng(seed);
        Sampler.box(lo, hi).sample(rnd, in, interior);
        Sampler.boxSurface(lo, hi).sample(rnd, edge, boundaryPoints);
        double[] f = new double[interior], g = new double[boundaryPoints];
        for (int p = 0; p < interior; p++) f[p] = source.applyAsDouble(in[2 * p], in[2 * p + 1]);
        for (int p = 0; p < boundaryPoints; p++) g[p] = boundary.applyAsDouble(edge[2 * p], edge[2 * p + 1]);
        return new Objective(2, List.of(
                PointGroup.fixed("interior", 2, in).residual(Residual.mse("pde").term(ChannelRef.laplacian(0, 2), -1.0).target(f)),
                PointGroup.fixed("boundary", 2, edge).residual(Residual.mse("bc").term(ChannelRef.value(0)).target(g).weight(BOUNDARY_WEIGHT))));
    }

    public Grid grid(int n) { return new Grid(x0, x1, y0, y1, n, n); }

    /** The finite-difference reference on the grid. */
    public PoissonFd.Solution reference(Grid grid) { return PoissonFd.solve(grid, source, boundary, 1e-12); }
}
