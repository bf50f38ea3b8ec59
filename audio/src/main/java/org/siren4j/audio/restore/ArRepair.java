package org.siren4j.audio.restore;

import java.util.List;

/**
 * Least-squares autoregressive interpolation (Janssen, Veldhuis and Vries 1986, the method behind most click
 * repair, ffmpeg's adeclick among them): an AR model of order {@link #ORDER} is fitted to the good samples around a
 * gap, and the damaged samples are the values that make the model's prediction error over the window least. The
 * classical ablation of the SIREN repair.
 */
public final class ArRepair implements Repair {
    static final int ORDER = 32;

    @Override public String name() { return "ar"; }

    @Override public void repair(double[] x, List<Damage> damage, int rate) {
        boolean[] m = Repair.mask(x.length, damage);
        double[] original = x.clone(); // the windows read good samples only, and earlier repairs never
        for (Gap g : Repair.gaps(damage, x.length, ORDER, g -> Math.max(8 * ORDER, 2 * Repair.longest(g)))) {
            double[] filled = interpolate(original, m, g.from(), g.to(), ORDER);
            for (Damage d : g.runs())
                for (int i = d.start(); i < d.end(); i++) x[i] = filled[i - g.from()];
        }
        Repair.beyondClipLevel(x, damage);
    }

    /**
     * The window {@code [from, to)} of {@code x} with its damaged samples ({@code m}) filled by least-squares AR
     * interpolation: minimise {@code sum_n (sum_k a_k s[n-k])^2} over the rows n whose taps lie in the window.
     */
    static double[] interpolate(double[] x, boolean[] m, int from, int to, int order) {
        int n = to - from;
        double[] s = new double[n];
        int[] index = new int[n]; // window position -> unknown number, -1 for a good sample
        int unknowns = 0;
        for (int i = 0; i < n; i++) {
            s[i] = m[from + i] ? 0 : x[from + i];
            index[i] = m[from + i] ? unknowns++ : -1;
        }
        if (unknowns == 0) return s;
        int p = Math.min(order, Math.max(1, (n - unknowns) / 4));
        double[] a = Ar.fit(x, from, to, m, p);
        // normal equations M u = r: each prediction row contributes its taps on unknowns
        double[][] mat = new double[unknowns][p + 1]; // banded: unknowns in one row lie within p of each other
        double[] rhs = new double[unknowns];
        int[] taps = new int[p + 1];
        for (int row = p; row < n; row++) {
            int t = 0;
            double known = 0;
            for (int k = 0; k <= p; k++) {
                int i = row - k;
                if (index[i] >= 0) taps[t++] = k;
                else known += a[k] * s[i];
            }
            for (int u = 0; u < t; u++) {
                int iu = index[row - taps[u]];
                rhs[iu] -= a[taps[u]] * known;
                for (int v = 0; v < t; v++) {
                    int iv = index[row - taps[v]];
                    if (iv <= iu) mat[iu][iu - iv] += a[taps[u]] * a[taps[v]];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < unknowns; i++) trace += mat[i][0];
        for (int i = 0; i < unknowns; i++) mat[i][0] += 1e-9 * trace / unknowns + 1e-30;
        double[] u = Cholesky.solve(mat, p, rhs);
        double known = 0;
        for (int i = 0; i < n; i++) if (index[i] < 0) known = Math.max(known, Math.abs(s[i]));
        boolean sane = true;
        for (int i = 0; i < n; i++) if (index[i] >= 0) sane &= Math.abs(u[index[i]]) <= 4 * known; // NaN fails too
        if (!sane) { // unknowns the prediction rows barely reach (at a file's edge) can come out huge: lines instead
            boolean[] mask = new boolean[n];
            for (int i = 0; i < n; i++) mask[i] = index[i] >= 0;
            Repair.Linear.fill(s, mask);
            return s;
        }
        for (int i = 0; i < n; i++) if (index[i] >= 0) s[i] = u[index[i]];
        return s;
    }
}
