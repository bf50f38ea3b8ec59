package org.siren4j.pde.special;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BesselTest {
    // Abramowitz & Stegun, table 9.1 (10 decimals)
    private static final double[][] TABLE = {
        // x, J0, Y0
        {1.0, 0.7651976866, 0.0882569642},
        {2.0, 0.2238907791, 0.5103756726},
        {5.0, -0.1775967713, -0.3085176252},
        {10.0, -0.2459357645, 0.0556711673},
        {0.1, 0.9975015621, -1.5342386514},
    };

    @Test
    void matchesTabulatedValues() {
        for (double[] row : TABLE) {
            assertThat(Bessel.j0(row[0])).as("J0(%s)", row[0]).isCloseTo(row[1], Offset.offset(1e-10));
            assertThat(Bessel.y0(row[0])).as("Y0(%s)", row[0]).isCloseTo(row[2], Offset.offset(1e-10));
        }
    }

    /** Both solve Bessel's equation x^2 f'' + x f' + x^2 f = 0, on both sides of the series/asymptotic switch. */
    @Test
    void solveBesselsEquationAndJoinSmoothly() {
        double h = 1e-3; // the functions are good to ~1e-12, so a smaller h would measure their rounding, not the equation
        for (double x = 0.5; x < 40; x += 0.37) {
            for (int which = 0; which < 2; which++) {
                java.util.function.DoubleUnaryOperator f = which == 0 ? Bessel::j0 : Bessel::y0;
                double f0 = f.applyAsDouble(x), fp = f.applyAsDouble(x + h), fm = f.applyAsDouble(x - h);
                double d1 = (fp - fm) / (2 * h), d2 = (fp - 2 * f0 + fm) / (h * h);
                assertThat(x * x * d2 + x * d1 + x * x * f0).as("%s at %s", which == 0 ? "J0" : "Y0", x).isCloseTo(0, Offset.offset(1e-5 * (1 + x * x)));
            }
        }
        for (double[] pair : new double[][]{{12 - 1e-12, 12 + 1e-12}}) { // either side of the switch
            assertThat(Bessel.j0(pair[0])).isCloseTo(Bessel.j0(pair[1]), Offset.offset(1e-10));
            assertThat(Bessel.y0(pair[0])).isCloseTo(Bessel.y0(pair[1]), Offset.offset(1e-10));
        }
    }
}
