package org.siren4j.audio.restore;

import be.tarsos.dsp.util.fft.FloatFFT;
import java.util.ArrayList;
import java.util.List;
import org.siren4j.core.Buf;
import org.siren4j.core.SirenModel;

/**
 * Starts a one-layer SIREN as the sum of sines that best fits a window's good samples, chosen by orthogonal matching
 * pursuit: the strongest peak of the residual's spectrum (Hann-windowed, damaged samples zero, zero-padded 4x) adds
 * a pair of units (sine and cosine phase) at its frequency, the output layer is solved by least squares over the good
 * samples, and the residual is taken again. Picking the strongest peaks of the first spectrum alone fails where the
 * damage is dense: a mask that removes every peak of a clipped tone puts sidebands among the strongest peaks, and a
 * fit to them fills the clipped stretches with anything (a clipped pair of tones: no gain at all). From the paper's
 * random start a window lands in a different local minimum each time.
 */
final class Spectral {
    private Spectral() {}

    /**
     * {@code y}: the window's samples on the unit coordinate grid (unknown ones ignored); {@code t, yk}: the known
     * samples' coordinates and values.
     */
    static void start(SirenModel net, double[] y, boolean[] unknown, double[] t, double[] yk) {
        start(net, y, unknown, t, yk, net.spec().hidden() / 2);
    }

    /** As above with at most {@code pairs} pairs of units (sines). */
    static void start(SirenModel net, double[] y, boolean[] unknown, double[] t, double[] yk, int pairs) {
        int n = y.length, width = net.spec().hidden(), known = yk.length;
        int maxPairs = Math.max(1, Math.min(Math.min(pairs, width / 2), (known / 4 - 1) / 2));
        double w0 = net.spec().w0First();
        int size = Integer.highestOneBit(Math.max(16, 4 * n - 1)) << 1;
        FloatFFT fft = new FloatFFT(size);
        float[] buf = new float[size];
        double[] hann = new double[n];
        for (int i = 0; i < n; i++) hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
        int[] at = new int[known]; // window positions of the known samples
        for (int i = 0, k = 0; i < n; i++) if (!unknown[i]) at[k++] = i;

        List<Double> omegas = new ArrayList<>(); // radians per sample
        List<double[]> columns = new ArrayList<>();
        double[] ones = new double[known];
        java.util.Arrays.fill(ones, 1);
        columns.add(ones);
        NormalEquations normal = new NormalEquations(1 + 2 * maxPairs, yk);
        normal.add(ones, columns);
        double[] residual = yk.clone(), coef = new double[] {0};
        double energy0 = dot(yk, yk);
        boolean[] taken = new boolean[size / 2 + 1];
        for (int pair = 0; pair < maxPairs && dot(residual, residual) > 1e-10 * energy0; pair++) {
            java.util.Arrays.fill(buf, 0f);
            for (int k = 0; k < known; k++) buf[at[k]] = (float) (residual[k] * hann[at[k]]);
            fft.realForward(buf);
            int best = -1;
            double bestPower = 0;
            for (int f = 1; f < size / 2; f++) {
                double p = power(buf, f);
                if (!taken[f] && p > bestPower) { bestPower = p; best = f; }
            }
            if (best < 0) break;
            for (int f = Math.max(0, best - 2); f <= Math.min(size / 2, best + 2); f++) taken[f] = true;
            // the peak between bins: a parabola through the log power of the bin and its neighbours
            double lo = Math.log(1e-300 + power(buf, best - 1)), mid = Math.log(1e-300 + bestPower), hi = Math.log(1e-300 + power(buf, best + 1));
            double denom = lo - 2 * mid + hi, shift = denom < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (lo - hi) / denom)) : 0;
            double omega = 2 * Math.PI * (best + shift) / size;
            omegas.add(omega);
            double[] s = new double[known], c = new double[known];
            for (int k = 0; k < known; k++) { s[k] = Math.sin(omega * at[k]); c[k] = Math.cos(omega * at[k]); }
            columns.add(s);
            normal.add(s, columns);
            columns.add(c);
            normal.add(c, columns);
            coef = normal.solve();
            for (int k = 0; k < known; k++) {
                double v = 0;
                for (int j = 0; j < columns.size(); j++) v += coef[j] * columns.get(j)[k];
                residual[k] = yk[k] - v;
            }
        }
        // unit 2p: sin(omega i), unit 2p + 1: cos(omega i) = sin(omega i + pi/2), i = (t + 1)(n - 1)/2 samples from the window's start
        Buf w = net.weight(0), b = net.bias(0), wo = net.weight(1), bo = net.bias(1);
        double half = (n - 1) / 2.0;
        for (int u = 0; u < width; u++) { w.set(u, 0); b.set(u, 0); wo.set(u, 0); }
        for (int p = 0; p < omegas.size(); p++) {
            double om = omegas.get(p);
            for (int phase = 0; phase < 2; phase++) {
                w.set(2 * p + phase, om * half / w0);
                b.set(2 * p + phase, (om * half + phase * Math.PI / 2) / w0);
                wo.set(2 * p + phase, coef[1 + 2 * p + phase]);
            }
        }
        bo.set(0, coef[0]);
    }

    /**
     * Declipping start, consistent iterative pursuit (in the spirit of SPADE, Kitic et al. 2015, with sines for atoms):
     * the estimate begins as the clipped window; each round fits it with more sines over all its samples (a clean
     * spectrum, not one with the clipped peaks cut out, whose sidebands mislead a pursuit over the good samples alone),
     * then makes it consistent again: good samples as they are, clipped ones the fit where it lies beyond the level,
     * else the level. The net leaves as the last round's fit.
     */
    static void declip(SirenModel net, double[] y, boolean[] unknown, double[] clipLevel, double[] t, double tolerance) {
        int n = y.length, width = net.spec().hidden();
        double[] est = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            est[i] = unknown[i] ? clipLevel[i] : y[i];
            energy += est[i] * est[i];
        }
        boolean[] none = new boolean[n];
        double[] u = new double[n];
        for (int pairs = 1; pairs <= width / 2; pairs += Math.max(1, pairs / 4)) {
            start(net, est, none, t, est, pairs);
            values(net, t, u);
            // sparsest first: stop adding sines once the fit is consistent with what is known (SPADE's stopping rule)
            double off = 0;
            for (int i = 0; i < n; i++) {
                double level = clipLevel[i];
                double d = !unknown[i] ? u[i] - y[i] : level > 0 ? Math.min(0, u[i] - level) : level < 0 ? Math.max(0, u[i] - level) : 0;
                off += d * d;
            }
            if (off <= tolerance * energy) break;
            for (int i = 0; i < n; i++) {
                if (!unknown[i]) est[i] = y[i];
                else if (clipLevel[i] > 0) est[i] = Math.max(u[i], clipLevel[i]);
                else if (clipLevel[i] < 0) est[i] = Math.min(u[i], clipLevel[i]);
                else est[i] = u[i];
            }
        }
    }

    /** The one-layer net's values at {@code t}, computed here (no engine for a few thousand points). */
    private static void values(SirenModel net, double[] t, double[] out) {
        Buf w = net.weight(0), b = net.bias(0), wo = net.weight(1), bo = net.bias(1);
        int width = net.spec().hidden();
        double w0 = net.spec().w0First();
        for (int i = 0; i < t.length; i++) {
            double v = bo.get(0);
            for (int u = 0; u < width; u++) {
                double a = wo.get(u);
                if (a != 0) v += a * Math.sin(w0 * (w.get(u) * t[i] + b.get(u)));
            }
            out[i] = v;
        }
    }

    private static double power(float[] spectrum, int f) { return (double) spectrum[2 * f] * spectrum[2 * f] + (double) spectrum[2 * f + 1] * spectrum[2 * f + 1]; }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /**
     * The normal equations of a least-squares fit whose columns arrive one at a time: a new column adds its products
     * with those before it, so the pursuit does not recompute the whole Gram matrix at every step.
     */
    private static final class NormalEquations {
        private final double[][] gram;
        private final double[] rhs, y;
        private int m;

        NormalEquations(int capacity, double[] y) {
            gram = new double[capacity][];
            rhs = new double[capacity];
            this.y = y;
        }

        /** {@code column}, the last of {@code columns}. */
        void add(double[] column, List<double[]> columns) {
            gram[m] = new double[m + 1];
            for (int q = 0; q <= m; q++) gram[m][q] = dot(column, columns.get(q));
            rhs[m] = dot(column, y);
            m++;
        }

        /** The coefficients, with a little ridge, by Cholesky (on a copy: the equations keep growing). */
        double[] solve() {
            double[][] band = new double[m][m];
            for (int p = 0; p < m; p++) for (int q = 0; q <= p; q++) band[p][p - q] = gram[p][q];
            for (int p = 0; p < m; p++) band[p][0] += 1e-9 * y.length + 1e-12;
            return Cholesky.solve(band, m - 1, java.util.Arrays.copyOf(rhs, m));
        }
    }
}
