package org.siren4j.pde.fd;

import java.util.function.DoubleBinaryOperator;
import org.siren4j.pde.Grid;

/**
 * The finite-difference reference for the 2-D wave equation {@code u_tt = c^2 Lap u} on a rectangle with
 * {@code u = 0} on its edge, {@code u(0) = u0} and {@code u_t(0) = v0}: leapfrog in time and the five-point
 * Laplacian in space (second order in both), with a Taylor start {@code u^1 = u^0 + dt v0 + dt^2/2 c^2 Lap u^0}.
 * The time step is the largest below {@code cfl} times the stability limit that lands on the last requested
 * time; frames at the other times come from the quadratic through the three nearest levels (also second order).
 */
public final class WaveFd {
    private WaveFd() {}

    /** Frames at {@code times} (ascending, >= 0), each a field on the grid; and the step count used. */
    public record Solution(double[][] frames, int steps, double dt) {}

    public static Solution solve(Grid grid, double c, DoubleBinaryOperator u0, DoubleBinaryOperator v0, double[] times, double cfl) {
        if (!(c > 0)) throw new IllegalArgumentException("wave speed must be > 0");
        if (!(cfl > 0 && cfl <= 1)) throw new IllegalArgumentException("cfl must lie in (0, 1]");
        for (int k = 0; k < times.length; k++)
            if (!(times[k] >= 0) || (k > 0 && times[k] < times[k - 1])) throw new IllegalArgumentException("times must be ascending and >= 0");
        int nx = grid.nx(), ny = grid.ny();
        double ax = 1 / (grid.hx() * grid.hx()), ay = 1 / (grid.hy() * grid.hy());
        double limit = 1 / (c * Math.sqrt(ax + ay)); // leapfrog is stable for dt <= h / (c sqrt 2) on a square grid
        double tEnd = times.length == 0 ? 0 : times[times.length - 1];
        int steps = Math.max(1, (int) Math.ceil(tEnd / (cfl * limit)));
        double dt = tEnd > 0 ? tEnd / steps : cfl * limit;
        double r = c * c * dt * dt;

        double[] prev = grid.sample(u0), cur = new double[prev.length], next = new double[prev.length], lap = new double[prev.length];
        zeroEdge(prev, nx, ny);
        laplacian(prev, lap, nx, ny, ax, ay);
        for (int i = 1; i < ny - 1; i++)
            for (int j = 1; j < nx - 1; j++) {
                int k = i * nx + j;
                cur[k] = prev[k] + dt * v0.applyAsDouble(grid.x(j), grid.y(i)) + 0.5 * r * lap[k];
            }
        double[][] frames = new double[times.length][];
        int f = 0;
        while (f < times.length && times[f] == 0) frames[f++] = prev.clone();
        for (int n = 1; n <= steps + 1 && f < times.length; n++) {
            // levels n-1 (prev), n (cur), n+1 (next) at times (n-1) dt, n dt, (n+1) dt
            laplacian(cur, lap, nx, ny, ax, ay);
            for (int k = 0; k < cur.length; k++) next[k] = 2 * cur[k] - prev[k] + r * lap[k];
            zeroEdge(next, nx, ny);
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

    private static void laplacian(double[] u, double[] out, int nx, int ny, double ax, double ay) {
        for (int i = 1; i < ny - 1; i++)
            for (int j = 1; j < nx - 1; j++) {
                int k = i * nx + j;
                out[k] = ax * (u[k - 1] - 2 * u[k] + u[k + 1]) + ay * (u[k - nx] - 2 * u[k] + u[k + nx]);
            }
    }

    private static void zeroEdge(double[] u, int nx, int ny) {
        for (int j = 0; j < nx; j++) { u[j] = 0; u[(ny - 1) * nx + j] = 0; }
        for (int i = 0; i < ny; i++) { u[i * nx] = 0; u[i * nx + nx - 1] = 0; }
    }
}
