package org.siren4j.pde.fd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siren4j.pde.Grid;

class WaveFdTest {
    /**
     * A standing wave on [-1,1]^2 with u = 0 on the edge: u = sin(pi (x+1)/2) sin(pi (y+1)) cos(w t) + a
     * moving part from u_t(0), w = c pi sqrt(1/4 + 1). Halving h (and dt with it) divides the error by ~4.
     */
    @Test
    void convergesAtSecondOrderOnAStandingWave() {
        double c = 0.8, kx = Math.PI / 2, ky = Math.PI, w = c * Math.sqrt(kx * kx + ky * ky), v = 0.3;
        double[] times = {0.0, 0.37, 1.1};
        double previous = Double.NaN;
        for (int n : new int[]{17, 33, 65}) {
            Grid g = Grid.square(n);
            WaveFd.Solution s = WaveFd.solve(g, c, (x, y) -> mode(x, y, kx, ky), (x, y) -> v * w * mode(x, y, kx, ky), times, 0.5);
            double err = 0;
            for (int f = 0; f < times.length; f++) {
                double t = times[f];
                double[] truth = g.sample((x, y) -> mode(x, y, kx, ky) * (Math.cos(w * t) + v * Math.sin(w * t)));
                for (int k = 0; k < truth.length; k++) err = Math.max(err, Math.abs(s.frames()[f][k] - truth[k]));
            }
            if (!Double.isNaN(previous)) assertThat(previous / err).as("error ratio at n = " + n).isBetween(3.3, 4.7);
            previous = err;
        }
        assertThat(previous).isLessThan(2e-3);
    }

    private static double mode(double x, double y, double kx, double ky) { return Math.sin(kx * (x + 1)) * Math.sin(ky * (y + 1)); }

    /** The 1-D string against d'Alembert with odd reflections at the fixed ends (period 4 on [-1, 1]). */
    @Test
    void stringConvergesAtSecondOrderToDAlembert() {
        double c = 1.3, s = 0.15;
        java.util.function.DoubleUnaryOperator f = x -> Math.exp(-(x - 0.2) * (x - 0.2) / (2 * s * s));
        java.util.function.DoubleUnaryOperator odd = x -> { // odd about both ends, period 4
            double y = ((x + 1) % 4 + 4) % 4 - 1; // in [-1, 3)
            return y <= 1 ? f.applyAsDouble(y) : -f.applyAsDouble(2 - y);
        };
        double[] times = {0.3, 1.7};
        double previous = Double.NaN;
        for (int n : new int[] {101, 201, 401}) {
            WaveFd.Solution sol = WaveFd.solve1d(n, c, f, x -> 0, times, 0.5);
            double err = 0;
            for (int k = 0; k < times.length; k++)
                for (int j = 0; j < n; j++) {
                    double x = -1 + 2.0 * j / (n - 1), t = times[k];
                    double exact = 0.5 * (odd.applyAsDouble(x - c * t) + odd.applyAsDouble(x + c * t));
                    err = Math.max(err, Math.abs(sol.frames()[k][j] - exact));
                }
            if (!Double.isNaN(previous)) assertThat(previous / err).as("error ratio at n = " + n).isBetween(3.3, 4.7);
            previous = err;
        }
        assertThat(previous).isLessThan(2e-3);
    }

    /**
     * A speed that varies: a uniform one given as a function is the constant-speed solve to rounding, and a smooth
     * anomaly (1 + 0.5 in a soft disk) converges at second order by itself: the differences between grids 33, 65 and
     * 129 points a side, at their common points, shrink ~4x a halving.
     */
    @Test
    void aVaryingSpeedConvergesAtSecondOrder() {
        double[] times = {0.6};
        java.util.function.DoubleBinaryOperator pulse = (x, y) -> Math.exp(-(x * x + y * y) / (2 * 0.2 * 0.2));
        Grid g17 = Grid.square(17);
        double[] constant = WaveFd.solve(g17, 1.2, pulse, (x, y) -> 0, times, 0.5).frames()[0];
        double[] asFunction = WaveFd.solve(g17, (x, y) -> 1.2, pulse, (x, y) -> 0, times, 0.5).frames()[0];
        for (int k = 0; k < constant.length; k++) assertThat(asFunction[k]).isCloseTo(constant[k], org.assertj.core.data.Offset.offset(1e-14));
        java.util.function.DoubleBinaryOperator speed = (x, y) -> 1 + 0.5 / (1 + Math.exp((Math.hypot(x - 0.3, y + 0.2) - 0.3) / 0.1));
        double[][] u = new double[3][];
        int[] sizes = {33, 65, 129};
        for (int i = 0; i < 3; i++) u[i] = WaveFd.solve(Grid.square(sizes[i]), speed, pulse, (x, y) -> 0, times, 0.5).frames()[0];
        double d1 = 0, d2 = 0;
        for (int a = 0; a < 33; a++)
            for (int b = 0; b < 33; b++) { // point (a, b) of the coarse grid is (2a, 2b) and (4a, 4b) of the finer ones
                double c0 = u[0][a * 33 + b], c1 = u[1][2 * a * 65 + 2 * b], c2 = u[2][4 * a * 129 + 4 * b];
                d1 = Math.max(d1, Math.abs(c0 - c1));
                d2 = Math.max(d2, Math.abs(c1 - c2));
            }
        assertThat(d1 / d2).as("self-convergence ratio").isBetween(3.3, 4.7);
    }
}
