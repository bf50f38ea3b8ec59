package org.siren4j.audio.restore;

/**
 * Solves a symmetric positive definite banded system: the AR interpolation's normal equations, whose unknowns
 * couple only within the model order. {@code band[i][k]} holds entry {@code (i, i - k)}, {@code 0 <= k <= width}.
 */
final class Cholesky {
    private Cholesky() {}

    static double[] solve(double[][] band, int width, double[] b) {
        int n = b.length;
        double[][] l = band; // factored in place: l[i][k] = L(i, i - k)
        for (int i = 0; i < n; i++) {
            for (int k = Math.min(width, i); k >= 0; k--) {
                int j = i - k;
                double s = l[i][k];
                for (int q = 1; q <= width - k && q <= j; q++) s -= l[i][k + q] * l[j][q];
                if (k == 0) l[i][0] = Math.sqrt(s > 0 ? s : 1e-300);
                else l[i][k] = s / l[j][0];
            }
        }
        double[] y = b.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            for (int k = 1; k <= Math.min(width, i); k++) s -= l[i][k] * y[i - k];
            y[i] = s / l[i][0];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = 1; k <= width && i + k < n; k++) s -= l[i + k][k] * y[i + k];
            y[i] = s / l[i][0];
        }
        return y;
    }
}
