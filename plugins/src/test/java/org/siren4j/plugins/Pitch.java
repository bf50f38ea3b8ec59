package org.siren4j.plugins;

/** Pitch and level of a tone in a rendered signal, measured independently of the code under test (a windowed DTFT). */
final class Pitch {
    private Pitch() {}

    /** |DTFT| of the Hann-windowed y[from, to) at f Hz. */
    static double magnitude(double[] y, int rate, int from, int to, double f) {
        double re = 0, im = 0;
        int n = to - from;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)), ph = 2 * Math.PI * f * i / rate;
            re += w * y[from + i] * Math.cos(ph);
            im -= w * y[from + i] * Math.sin(ph);
        }
        return Math.hypot(re, im);
    }

    /**
     * The spectral peak within +-60 cents of {@code near}, by golden-section search on the windowed DTFT: a
     * wrong pitch ends at an edge of the range (60 cents off), a right one within a fraction of a cent.
     */
    static double frequency(double[] y, int rate, int from, int to, double near) {
        double lo = near * Math.pow(2, -60 / 1200.0), hi = near * Math.pow(2, 60 / 1200.0), g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo), b = lo + g * (hi - lo), fa = magnitude(y, rate, from, to, a), fb = magnitude(y, rate, from, to, b);
        for (int it = 0; it < 60; it++) {
            if (fa > fb) { hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = magnitude(y, rate, from, to, a); }
            else { lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = magnitude(y, rate, from, to, b); }
        }
        return 0.5 * (lo + hi);
    }

    static double cents(double f, double ref) { return 1200 * Math.log(f / ref) / Math.log(2); }
}
