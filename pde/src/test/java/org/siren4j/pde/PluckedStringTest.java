package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.siren4j.pde.fd.WaveFd;

class PluckedStringTest {
    private final PluckedString s = new PluckedString(-0.6, 0.1, 1);

    /** Away from the rounded apex the series is the triangle itself. */
    @Test
    void seriesIsTheTriangleAwayFromTheApex() {
        for (double x : new double[] {-0.95, -0.9, -0.2, 0.3, 0.9}) {
            double tri = x < -0.6 ? (x + 1) / 0.4 : (1 - x) / 1.6;
            assertThat(s.exact(x, 0)).as("x = %s", x).isCloseTo(tri, within(2e-3));
        }
        assertThat(s.exact(-1, 0.3)).isCloseTo(0, within(1e-12));
        assertThat(s.exact(1, 0.7)).isCloseTo(0, within(1e-12));
    }

    /** The modal solution against the leapfrog string (wave speed 4 in periods), and its half-period mirror symmetry. */
    @Test
    void modalSolutionMatchesFiniteDifferencesAndItsSymmetry() {
        double[] times = {0.13, 0.37, 0.81};
        WaveFd.Solution fd = WaveFd.solve1d(1601, PluckedString.SPEED, x -> s.exact(x, 0), x -> 0, times, 0.5);
        for (int k = 0; k < times.length; k++) {
            double err = 0, norm = 0;
            for (int j = 0; j < 1601; j += 4) {
                double x = -1 + 2.0 * j / 1600, e = s.exact(x, times[k]);
                err += Math.pow(fd.frames()[k][j] - e, 2);
                norm += e * e;
            }
            assertThat(Math.sqrt(err / norm)).as("t = %s", times[k]).isLessThan(2e-3);
        }
        for (double x : new double[] {-0.7, 0.1, 0.55}) assertThat(s.exact(x, 0.5 + 0.21)).isCloseTo(-s.exact(-x, 0.21), within(1e-12));
    }

    /** The damped exact solution satisfies u_tt + D u_t = c^2 u_xx (central differences, c = 4 f). */
    @Test
    void dampedSolutionSatisfiesTheDampedEquation() {
        double f = 3, d = 0.8, c = PluckedString.SPEED * f, x = 0.2, t = 0.123, h = 1e-4;
        double utt = (s.exact(x, t + h, f, d) - 2 * s.exact(x, t, f, d) + s.exact(x, t - h, f, d)) / (h * h);
        double ut = (s.exact(x, t + h, f, d) - s.exact(x, t - h, f, d)) / (2 * h);
        double hx = 1e-3;
        double uxx = (s.exact(x + hx, t, f, d) - 2 * s.exact(x, t, f, d) + s.exact(x - hx, t, f, d)) / (hx * hx);
        assertThat(utt + d * ut).isCloseTo(c * c * uxx, within(1e-3 * Math.abs(c * c * uxx) + 1e-2));
    }
}
