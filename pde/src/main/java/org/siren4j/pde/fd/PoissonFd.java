package org.siren4j.pde.fd;

import java.util.function.DoubleBinaryOperator;
import org.siren4j.pde.Grid;

/**
 * The finite-difference reference for {@code -Lap u = f} on a rectangle with {@code u = g} on its edge: the
 * five-point Laplacian on the grid's interior points, solved by conjugate gradients (the interior system is
 * symmetric positive definite) to a relative residual of {@code tol}. Second-order accurate in h: the
 * independent truth a SIREN's Poisson solve is compared with where no exact solution is known.
 */
public final class PoissonFd {
    private PoissonFd() {}

    /** Iterations and final relative residual of the last solve, for reports. */
    public record Solution(double[] u, int iterations, double relativeResidual) {}

    public static Solution solve(Grid grid, DoubleBinaryOperator f, DoubleBinaryOperator g, double tol) {
        int nx = grid.nx(), ny = grid.ny(), mx = nx - 2, my = ny - 2, m = mx * my;
        double ax = 1 / (grid.hx() * grid.hx()), ay = 1 / (grid.hy() * grid.hy()), diag = 2 * ax + 2 * ay;
        double[] u = new double[grid.size()];
        // boundary values, and the right-hand side with the known edge values moved over
        for (int i = 0; i < ny; i++)
            for (int j = 0; j < nx; j++)
                if (i == 0 || j == 0 || i == ny - 1 || j == nx - 1) u[i * nx + j] = g.applyAsDouble(grid.x(j), grid.y(i));
        double[] b = new double[m];
        for (int i = 1; i <= my; i++)
            for (int j = 1; j <= mx; j++) {
                double r = f.applyAsDouble(grid.x(j), grid.y(i));
                if (j == 1) r += ax * u[i * nx];
                if (j == mx) r += ax * u[i * nx + nx - 1];
                if (i == 1) r += ay * u[j];
                if (i == my) r += ay * u[(ny - 1) * nx + j];
                b[(i - 1) * mx + (j - 1)] = r;
            }
        double[] x = new double[m], r = b.clone(), p = b.clone(), q = new double[m];
        double rr = dot(r, r), bb = rr;
        int it = 0;
        int maxIt = 20 * (mx + my) + 1000;
        while (it < maxIt && rr > tol * tol * bb) {
            apply(p, q, mx, my, ax, ay, diag);
            double alpha = rr / dot(p, q);
            for (int k = 0; k < m; k++) { x[k] += alpha * p[k]; r[k] -= alpha * q[k]; }
            double rrNew = dot(r, r);
            double beta = rrNew / rr;
            rr = rrNew;
            for (int k = 0; k < m; k++) p[k] = r[k] + beta * p[k];
            it++;
        }
        for (int i = 1; i <= my; i++) System.arraycopy(x, (i - 1) * mx, u, i * nx + 1, mx);
        return new Solution(u, it, bb == 0 ? 0 : Math.sqrt(rr / bb));
    }

    /** q = A p: the five-point -Laplacian on the interior, zero beyond it. */
    private static void apply(double[] p, double[] q, int mx, int my, double ax, double ay, double diag) {
        for (int i = 0; i < my; i++)
            for (int j = 0; j < mx; j++) {
                int k = i * mx + j;
                double s = diag * p[k];
                if (j > 0) s -= ax * p[k - 1];
                if (j < mx - 1) s -= ax * p[k + 1];
                if (i > 0) s -= ay * p[k - mx];
                if (i < my - 1) s -= ay * p[k + mx];
                q[k] = s;
            }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
