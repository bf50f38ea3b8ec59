package org.siren4j.pde.fd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siren4j.pde.Grid;

class PoissonFdTest {
    // u = e^x sin 2y + x^2 y, so -Lap u = 3 e^x sin 2y - 2y; u is the boundary data too
    static double exact(double x, double y) { return Math.exp(x) * Math.sin(2 * y) + x * x * y; }

    static double source(double x, double y) { return 3 * Math.exp(x) * Math.sin(2 * y) - 2 * y; }

    /** Halving h divides the error by 4: the scheme is second order, and the solve reaches it. */
    @Test
    void convergesAtSecondOrderOnAnAnalyticCase() {
        double previous = Double.NaN;
        for (int n : new int[]{17, 33, 65, 129}) {
            Grid g = new Grid(-1, 1, -0.5, 1.5, n, n + (n - 1) / 2); // cells with hy = 2/3 hx
            PoissonFd.Solution s = PoissonFd.solve(g, PoissonFdTest::source, PoissonFdTest::exact, 1e-12);
            double[] truth = g.sample(PoissonFdTest::exact);
            double err = 0;
            for (int k = 0; k < truth.length; k++) err = Math.max(err, Math.abs(s.u()[k] - truth[k]));
            if (!Double.isNaN(previous)) assertThat(previous / err).as("error ratio at n = " + n).isBetween(3.6, 4.4);
            previous = err;
            assertThat(s.relativeResidual()).isLessThan(1e-12);
        }
        assertThat(previous).as("max error at n = 129").isLessThan(5e-5);
    }

    @Test
    void gridLayoutIsRowsOfYColumnsOfX() {
        Grid g = new Grid(0, 2, 10, 11, 5, 3);
        double[] u = g.sample((x, y) -> 100 * y + x);
        assertThat(u[0]).isEqualTo(1000.0);          // (x0, y0)
        assertThat(u[4]).isEqualTo(1002.0);          // (x1, y0): a row runs along x
        assertThat(u[5]).isEqualTo(1050.0);          // (x0, y1)
        assertThat(u[14]).isEqualTo(1102.0);         // both far ends included
        assertThat(g.points()[2 * 5 + 1]).isEqualTo(10.5);
    }
}
