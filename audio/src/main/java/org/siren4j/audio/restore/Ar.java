package org.siren4j.audio.restore;

/**
 * Autoregressive models of a stretch of audio: coefficients by the autocorrelation method (Levinson-Durbin) over the
 * samples not marked damaged, and the prediction errors that show where a sample does not follow its neighbours.
 */
final class Ar {
    private Ar() {}

    /**
     * Coefficients {@code a[0] = 1, a[1..p]} of the prediction-error filter {@code e[n] = sum_k a[k] x[n - k]}, fitted to
     * {@code x[from, to)} with damaged samples left out (taken as zero). A little white noise (1e-6 of the power) keeps
     * the recursion stable on silence and pure tones.
     */
    static double[] fit(double[] x, int from, int to, boolean[] damaged, int order) {
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        double[] r = new double[order + 1];
        for (int lag = 0; lag <= order; lag++) {
            double s = 0;
            for (int n = from + lag; n < to; n++) if (!damaged[n] && !damaged[n - lag]) s += x[n] * x[n - lag];
            r[lag] = s;
        }
        r[0] = r[0] * (1 + 1e-6) + 1e-20;
        double[] a = new double[order + 1], prev = new double[order + 1];
        a[0] = 1;
        double err = r[0];
        for (int i = 1; i <= order; i++) {
            double acc = r[i];
            for (int k = 1; k < i; k++) acc += a[k] * r[i - k];
            double kappa = -acc / err;
            System.arraycopy(a, 0, prev, 0, i);
            for (int k = 1; k < i; k++) a[k] = prev[k] + kappa * prev[i - k];
            a[i] = kappa;
            err *= 1 - kappa * kappa;
            if (!(err > 0)) break;
        }
        return a;
    }

    /** Forward prediction error at n from the p samples before it; NaN where any sample it reads is damaged or outside. */
    static double forward(double[] x, boolean[] damaged, double[] a, int n) {
        int p = a.length - 1;
        if (n - p < 0) return Double.NaN;
        double e = 0;
        for (int k = 0; k <= p; k++) {
            if (damaged[n - k]) return Double.NaN;
            e += a[k] * x[n - k];
        }
        return e;
    }

    /** Backward prediction error at n from the p samples after it (the same coefficients: a stationary model is reversible). */
    static double backward(double[] x, boolean[] damaged, double[] a, int n) {
        int p = a.length - 1;
        if (n + p >= x.length) return Double.NaN;
        double e = 0;
        for (int k = 0; k <= p; k++) {
            if (damaged[n + k]) return Double.NaN;
            e += a[k] * x[n + k];
        }
        return e;
    }
}
