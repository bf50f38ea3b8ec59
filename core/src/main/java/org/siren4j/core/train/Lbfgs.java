package org.siren4j.core.train;

import java.util.function.LongSupplier;

/**
 * Limited-memory BFGS with a strong-Wolfe line search (Nocedal and Wright, algorithms 7.4, 3.5 and 3.6,
 * cubic interpolation in the zoom), on a flat parameter vector. Adam's noise floor limits how precisely a
 * small net fits; a quasi-Newton finish on the full batch goes below it. Stops on a time budget, an
 * iteration count, or when the line search can no longer lower the loss.
 */
final class Lbfgs {
    private Lbfgs() {}

    /** The loss at {@code x}; writes its gradient into {@code g}. */
    interface Function { double eval(double[] x, double[] g); }

    interface Listener { void onIteration(int iteration, double value); }

    record Result(double value, int iterations, int evaluations, double seconds) {}

    private static final double C1 = 1e-4, C2 = 0.9;

    static Result minimize(Function fn, double[] x, int m, int maxIter, double maxSeconds, LongSupplier clock, Listener listener) {
        long t0 = clock.getAsLong();
        int n = x.length;
        double[][] s = new double[m][n], y = new double[m][n];
        double[] rho = new double[m], alpha = new double[m];
        double[] g = new double[n], d = new double[n], xNew = new double[n], gNew = new double[n];
        double f = fn.eval(x, g);
        int evals = 1, it = 0, stored = 0, head = 0;
        double gamma = 1;
        while (it < maxIter && (clock.getAsLong() - t0) * 1e-9 < maxSeconds && Double.isFinite(f)) {
            // two-loop recursion: d = -H g
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, m);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            for (int i = 0; i < n; i++) d[i] *= gamma;
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, m);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double dg = dot(d, g);
            if (!(dg < 0)) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) d[i] = -g[i];
                dg = dot(d, g);
                if (dg == 0) break;
            }
            double t0step = it == 0 && stored == 0 ? Math.min(1, 1 / sumAbs(g)) : 1;
            double[] out = {0, 0};
            int used = lineSearch(fn, x, f, g, d, dg, t0step, xNew, gNew, out);
            evals += used;
            double t = out[0], fNew = out[1];
            if (!(t > 0) || !(fNew < f)) break; // no progress possible at this precision
            int j = head;
            for (int i = 0; i < n; i++) {
                s[j][i] = xNew[i] - x[i];
                y[j][i] = gNew[i] - g[i];
            }
            double ys = dot(y[j], s[j]);
            if (ys > 1e-10 * Math.sqrt(dot(s[j], s[j]) * dot(y[j], y[j]))) { // keep the curvature pair only if positive
                rho[j] = 1 / ys;
                gamma = ys / dot(y[j], y[j]);
                head = (head + 1) % m;
                stored = Math.min(m, stored + 1);
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
            it++;
            listener.onIteration(it, f);
        }
        fn.eval(x, g); // leave the caller's state at the returned point
        return new Result(f, it, evals + 1, (clock.getAsLong() - t0) * 1e-9);
    }

    /** Strong-Wolfe line search along d; out = {step, value}; xNew/gNew hold the point found. Returns evaluations. */
    private static int lineSearch(Function fn, double[] x, double f0, double[] g0, double[] d, double dg0, double t,
                                  double[] xNew, double[] gNew, double[] out) {
        double tPrev = 0, fPrev = f0, dgPrev = dg0;
        int evals = 0;
        double bestT = 0, bestF = f0;
        for (int i = 0; i < 25; i++) {
            double f = evalAt(fn, x, d, t, xNew, gNew);
            evals++;
            double dg = dot(gNew, d);
            if (f < bestF) { bestF = f; bestT = t; }
            if (!(f <= f0 + C1 * t * dg0) || (i > 0 && f >= fPrev)) {
                return evals + zoom(fn, x, f0, dg0, d, tPrev, fPrev, dgPrev, t, f, dg, xNew, gNew, out, bestT, bestF);
            }
            if (Math.abs(dg) <= -C2 * dg0) { out[0] = t; out[1] = f; return evals; }
            if (dg >= 0) return evals + zoom(fn, x, f0, dg0, d, t, f, dg, tPrev, fPrev, dgPrev, xNew, gNew, out, bestT, bestF);
            double next = cubicMin(tPrev, fPrev, dgPrev, t, f, dg, t + 0.01 * (t - tPrev), 10 * t);
            tPrev = t; fPrev = f; dgPrev = dg;
            t = next;
        }
        return evals + settle(fn, x, d, bestT, bestF, xNew, gNew, out);
    }

    private static int zoom(Function fn, double[] x, double f0, double dg0, double[] d, double lo, double fLo, double dgLo,
                            double hi, double fHi, double dgHi, double[] xNew, double[] gNew, double[] out, double bestT, double bestF) {
        int evals = 0;
        for (int i = 0; i < 20 && Math.abs(hi - lo) * maxAbs(d) > 1e-12; i++) {
            double a = Math.min(lo, hi), b = Math.max(lo, hi), w = b - a;
            double t = cubicMin(lo, fLo, dgLo, hi, fHi, dgHi, a + 0.1 * w, b - 0.1 * w);
            double f = evalAt(fn, x, d, t, xNew, gNew);
            evals++;
            double dg = dot(gNew, d);
            if (f < bestF) { bestF = f; bestT = t; }
            if (!(f <= f0 + C1 * t * dg0) || f >= fLo) {
                hi = t; fHi = f; dgHi = dg;
            } else {
                if (Math.abs(dg) <= -C2 * dg0) { out[0] = t; out[1] = f; return evals; }
                if (dg * (hi - lo) >= 0) { hi = lo; fHi = fLo; dgHi = dgLo; }
                lo = t; fLo = f; dgLo = dg;
            }
        }
        return evals + settle(fn, x, d, bestT, bestF, xNew, gNew, out);
    }

    /** Ends a search that met no Wolfe point at its lowest value seen (or no step at all). */
    private static int settle(Function fn, double[] x, double[] d, double t, double f, double[] xNew, double[] gNew, double[] out) {
        out[0] = t;
        out[1] = f;
        if (t == 0) return 0;
        out[1] = evalAt(fn, x, d, t, xNew, gNew);
        return 1;
    }

    private static double evalAt(Function fn, double[] x, double[] d, double t, double[] xNew, double[] gNew) {
        for (int i = 0; i < x.length; i++) xNew[i] = x[i] + t * d[i];
        return fn.eval(xNew, gNew);
    }

    /** Minimiser of the cubic through (a, fa, ga), (b, fb, gb), clamped to [lo, hi] (bisection if none). */
    private static double cubicMin(double a, double fa, double ga, double b, double fb, double gb, double lo, double hi) {
        if (lo > hi) { double tmp = lo; lo = hi; hi = tmp; }
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double sq = d1 * d1 - ga * gb;
        if (sq >= 0 && a != b) {
            double d2 = Math.sqrt(sq) * Math.signum(b - a);
            double t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
            if (Double.isFinite(t)) return Math.min(hi, Math.max(lo, t));
        }
        return 0.5 * (lo + hi);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) { for (int i = 0; i < x.length; i++) y[i] += a * x[i]; }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }

    private static double maxAbs(double[] a) {
        double s = 0;
        for (double v : a) s = Math.max(s, Math.abs(v));
        return s;
    }
}
