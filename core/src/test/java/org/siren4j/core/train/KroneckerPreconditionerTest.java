package org.siren4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class KroneckerPreconditionerTest {

    /** A random symmetric positive definite k x k matrix, row-major. */
    private static double[] spd(int k, SplittableRandom rnd) {
        double[] b = new double[k * k], m = new double[k * k];
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextGaussian();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                for (int q = 0; q < k; q++) m[i * k + j] += b[i * k + q] * b[j * k + q];
                if (i == j) m[i * k + j] += 0.5;
            }
        return m;
    }

    /** Solves m x = r by Gaussian elimination with partial pivoting: an independent route to the block's inverse. */
    private static double[] solve(double[][] m, double[] r) {
        int n = r.length;
        double[][] a = new double[n][];
        double[] x = r.clone();
        for (int i = 0; i < n; i++) a[i] = m[i].clone();
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) if (Math.abs(a[i][c]) > Math.abs(a[p][c])) p = i;
            double[] t = a[c]; a[c] = a[p]; a[p] = t;
            double s = x[c]; x[c] = x[p]; x[p] = s;
            for (int i = c + 1; i < n; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j < n; j++) a[i][j] -= f * a[c][j];
                x[i] -= f * x[c];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }

    /** Each layer's weights get (A + mu diag A) (x) (H + mu diag H), mu = sqrt(lambda), inverted; its bias (A + lambda diag A). */
    @Test
    void invertsTheDampedKroneckerBlocksOfEveryLayer() {
        SplittableRandom rnd = new SplittableRandom(7);
        int[] rows = {5, 4}, cols = {2, 5};
        KroneckerPreconditioner pre = new KroneckerPreconditioner(rows, cols);
        double lambda = 0.3, mu = Math.sqrt(lambda);
        int total = 0;
        for (int l = 0; l < rows.length; l++) {
            System.arraycopy(spd(rows[l], rnd), 0, pre.adjointMoment(l), 0, rows[l] * rows[l]);
            System.arraycopy(spd(cols[l], rnd), 0, pre.inputMoment(l), 0, cols[l] * cols[l]);
            total += rows[l] * cols[l] + rows[l];
        }
        pre.factor(lambda);
        double[] r = new double[total], z = new double[total];
        for (int i = 0; i < total; i++) r[i] = rnd.nextGaussian();
        pre.apply(r, z);
        int at = 0;
        for (int l = 0; l < rows.length; l++) {
            int m = rows[l], n = cols[l];
            double[] a = pre.adjointMoment(l), h = pre.inputMoment(l);
            double[][] block = new double[m * n][m * n], bias = new double[m][m];
            for (int o = 0; o < m; o++)
                for (int i = 0; i < n; i++)
                    for (int o2 = 0; o2 < m; o2++)
                        for (int i2 = 0; i2 < n; i2++) {
                            double ad = a[o * m + o2] + (o == o2 ? mu * a[o * m + o] : 0), hd = h[i * n + i2] + (i == i2 ? mu * h[i * n + i] : 0);
                            block[o * n + i][o2 * n + i2] = ad * hd;
                        }
            for (int o = 0; o < m; o++) for (int o2 = 0; o2 < m; o2++) bias[o][o2] = a[o * m + o2] + (o == o2 ? lambda * a[o * m + o] : 0);
            double[] want = solve(block, java.util.Arrays.copyOfRange(r, at, at + m * n));
            double[] wantBias = solve(bias, java.util.Arrays.copyOfRange(r, at + m * n, at + m * n + m));
            for (int k = 0; k < m * n; k++) assertThat(z[at + k]).isCloseTo(want[k], Offset.offset(1e-7 * (1 + Math.abs(want[k]))));
            for (int k = 0; k < m; k++) assertThat(z[at + m * n + k]).isCloseTo(wantBias[k], Offset.offset(1e-7 * (1 + Math.abs(wantBias[k]))));
            at += m * n + m;
        }
    }
}
