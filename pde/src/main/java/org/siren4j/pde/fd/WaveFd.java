package org.siren4j.pde.fd;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.siren4j.pde.Grid;

/**
 * The finite-difference reference for the wave equation {@code u_tt = c^2 Lap u} with {@code u = 0} on the edge,
 * {@code u(0) = u0} and {@code u_t(0) = v0}, on a rectangle (five-point Laplacian) or on {@code [-1, 1]}
 * (three-point): leapfrog in time (second order in both), with a Taylor start
 * {@code u^1 = u^0 + dt v0 + dt^2/2 c^2 Lap u^0}. The time step is the largest below {@code cfl} times the
 * stability limit that lands on the last requested time; frames at the other times come from the quadratic
 * through the three nearest levels (also second order).
 */
public final class WaveFd {
    private WaveFd() {}

    /** Frames at {@code times} (ascending, >= 0), each a field on the grid; and the step count used. */
    public record Solution(double[][] frames, int steps, double dt) {}

    /** The discrete Laplacian into {@code out}, zero on the edge. */
    private interface Stencil {
        void apply(double[] u, double[] out);
    }

    public static Solution solve(Grid grid, double c, DoubleBinaryOperator u0, DoubleBinaryOperator v0, double[] times, double cfl) {
        if (!(c > 0)) throw new IllegalArgumentException("wave speed must be > 0");
        return solve(grid, (x, y) -> c, u0, v0, times, cfl); // each point's scale is (c / c)^2 = 1 exactly: the same numbers
    }

    /**
     * {@code u_tt = c(x, y)^2 Lap u} with a speed that varies (the form the PDE is written in), on the same grid and
     * scheme: the step is set by the largest speed, and each point's Laplacian is scaled by (c / c_max)^2.
     */
    public static Solution solve(Grid grid, DoubleBinaryOperator c, DoubleBinaryOperator u0, DoubleBinaryOperator v0, double[] times, double cfl) {
        int nx = grid.nx(), ny = grid.ny();
        double ax = 1 / (grid.hx() * grid.hx()), ay = 1 / (grid.hy() * grid.hy());
        double[] speed = grid.sample(c);
        double cmax = 0;
        for (double s : speed) {
            if (!(s > 0)) throw new IllegalArgumentException("wave speed must be > 0 everywhere, got " + s);
            cmax = Math.max(cmax, s);
        }
        double[] scale = new double[speed.length];
        for (int k = 0; k < scale.length; k++) scale[k] = speed[k] * speed[k] / (cmax * cmax);
        double[] v = grid.sample(v0);
        zeroEdge(v, nx, ny);
        double[] u = grid.sample(u0);
        zeroEdge(u, nx, ny);
        Stencil lap = (w, out) -> {
            for (int i = 1; i < ny - 1; i++)
                for (int j = 1; j < nx - 1; j++) {
                    int k = i * nx + j;
                    out[k] = scale[k] * (ax * (w[k - 1] - 2 * w[k] + w[k + 1]) + ay * (w[k - nx] - 2 * w[k] + w[k + nx]));
                }
        };
        return march(u, v, lap, cmax, 1 / Math.sqrt(ax + ay), times, cfl);
    }

    /** The 1-D string on {@code [-1, 1]} with {@code nx} points, both ends included and held at zero. */
    public static Solution solve1d(int nx, double c, DoubleUnaryOperator u0, DoubleUnaryOperator v0, double[] times, double cfl) {
        if (nx < 3) throw new IllegalArgumentException("need at least 3 points, got " + nx);
        double h = 2.0 / (nx - 1), a = 1 / (h * h);
        double[] u = new double[nx], v = new double[nx];
        for (int j = 1; j < nx - 1; j++) {
            double x = -1 + j * h;
            u[j] = u0.applyAsDouble(x);
            v[j] = v0.applyAsDouble(x);
        }
        Stencil lap = (w, out) -> {
            for (int j = 1; j < nx - 1; j++) out[j] = a * (w[j - 1] - 2 * w[j] + w[j + 1]);
        };
        return march(u, v, lap, c, h, times, cfl);
    }

    /** Leapfrog from {@code u} (edge already zero) with velocity {@code v}; {@code limit * / c} is the stable step. */
    private static Solution march(double[] u, double[] v, Stencil lap, double c, double limit, double[] times, double cfl) {
        if (!(c > 0)) throw new IllegalArgumentException("wave speed must be > 0");
        if (!(cfl > 0 && cfl <= 1)) throw new IllegalArgumentException("cfl must lie in (0, 1]");
        for (int k = 0; k < times.length; k++)
            if (!(times[k] >= 0) || (k > 0 && times[k] < times[k - 1])) throw new IllegalArgumentException("times must be ascending and >= 0");
        double tEnd = times.length == 0 ? 0 : times[times.length - 1];
        int steps = Math.max(1, (int) Math.ceil(tEnd / (cfl * limit / c)));
        double dt = tEnd > 0 ? tEnd / steps : cfl * limit / c;
        double r = c * c * dt * dt;

        double[] prev = u, cur = new double[u.length], next = new double[u.length], l = new double[u.length];
        lap.apply(prev, l);
        for (int k = 0; k < cur.length; k++) cur[k] = prev[k] + dt * v[k] + 0.5 * r * l[k]; // edge: all three terms are zero
        double[][] frames = new double[times.length][];
        int f = 0;
        while (f < times.length && times[f] == 0) frames[f++] = prev.clone();
        for (int n = 1; n <= steps + 1 && f < times.length; n++) {
            // levels n-1 (prev), n (cur), n+1 (next) at times (n-1) dt, n dt, (n+1) dt
            lap.apply(cur, l);
            for (int k = 0; k < cur.length; k++) next[k] = 2 * cur[k] - prev[k] + r * l[k];
            while (f < times.length && times[f] <= (n + 0.5) * dt) {
                double s = times[f] / dt - n; // in [-1, 1]: Lagrange weights through s = -1, 0, 1
                double wm = 0.5 * s * (s - 1), w0 = 1 - s * s, wp = 0.5 * s * (s + 1);
                double[] frame = new double[cur.length];
                for (int k = 0; k < frame.length; k++) frame[k] = wm * prev[k] + w0 * cur[k] + wp * next[k];
                frames[f++] = frame;
            }
            double[] t = prev; prev = cur; cur = next; next = t;
        }
        return new Solution(frames, steps, dt);
    }

    private static void zeroEdge(double[] u, int nx, int ny) {
        for (int j = 0; j < nx; j++) { u[j] = 0; u[(ny - 1) * nx + j] = 0; }
        for (int i = 0; i < ny; i++) { u[i * nx] = 0; u[i * nx + nx - 1] = 0; }
    }
}
