package org.siren4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.siren4j.core.Precision;
import org.junit.jupiter.api.Test;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;

/**
 * Levenberg-Marquardt through a linear map A of the net's values: where it stops, the loss |A u - b|^2 must be
 * stationary, judged by central differences of that loss computed with the fused engine (not the LM code).
 */
public class LinearMapFitTest {

    /** Rows 0..m-1: every other point's value; then sqrt(lambda) times first differences of all values. */
    static final class PickAndSmooth implements LevenbergMarquardt.Operator {
        final int n;
        final double root;

        PickAndSmooth(int n, double lambda) { this.n = n; this.root = Math.sqrt(lambda); }

        @Override public int rows() { return n / 2 + n - 1; }

        @Override public void apply(double[] u, double[] out) {
            for (int i = 0; i < n / 2; i++) out[i] = u[2 * i];
            for (int j = 0; j < n - 1; j++) out[n / 2 + j] = root * (u[j + 1] - u[j]);
        }

        @Override public void applyTransposed(double[] r, double[] out) {
            java.util.Arrays.fill(out, 0, n, 0);
            for (int i = 0; i < n / 2; i++) out[2 * i] += r[i];
            for (int j = 0; j < n - 1; j++) { out[j + 1] += root * r[n / 2 + j]; out[j] -= root * r[n / 2 + j]; }
        }

        @Override public double[] gramDiagonal() {
            double[] d = new double[n];
            for (int i = 0; i < n / 2; i++) d[2 * i] += 1;
            for (int j = 0; j < n - 1; j++) { d[j] += root * root; d[j + 1] += root * root; }
            return d;
        }
    }

    static double loss(FusedEngine e, SirenModel m, double[] x, PickAndSmooth a, double[] b) {
        double[] u = m.evaluate(e, x, x.length), au = new double[a.rows()];
        a.apply(u, au);
        double s = 0;
        for (int i = 0; i < au.length; i++) s += (au[i] - b[i]) * (au[i] - b[i]);
        return s;
    }

    static double gradientNorm(FusedEngine e, SirenModel m, double[] x, PickAndSmooth a, double[] b) {
        double[] theta = m.flatParameters();
        double g2 = 0;
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-6 * Math.max(1, Math.abs(theta[k])), keep = theta[k];
            theta[k] = keep + h;
            m.setFlatParameters(theta);
            double up = loss(e, m, x, a, b);
            theta[k] = keep - h;
            m.setFlatParameters(theta);
            double down = loss(e, m, x, a, b);
            theta[k] = keep;
            m.setFlatParameters(theta);
            g2 += Math.pow((up - down) / (2 * h), 2);
        }
        return Math.sqrt(g2);
    }

    @Test
    void stopsWhereTheMappedLossIsStationary() {
        int n = 40;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = -1 + 2.0 * i / (n - 1);
        PickAndSmooth a = new PickAndSmooth(n, 0.3);
        double[] b = new double[a.rows()];
        for (int i = 0; i < n / 2; i++) b[i] = Math.sin(3 * x[2 * i]) + 0.2 * Math.cos(11 * x[2 * i]);
        SirenModel m = SirenModel.create(new SirenSpec(1, 8, 1, 1, 3, 30), Precision.FLOAT64, 7);
        try (FusedEngine e = new FusedEngine()) {
            double g0 = gradientNorm(e, m, x, a, b), l0 = loss(e, m, x, a, b);
            LevenbergMarquardt.fit(m, x, a, b, 30, 300);
            double g1 = gradientNorm(e, m, x, a, b), l1 = loss(e, m, x, a, b);
            assertThat(l1).isLessThan(0.1 * l0);
            assertThat(g1).as("gradient norm after, before: " + g1 + ", " + g0).isLessThan(1e-4 * g0);
        }
    }
}
