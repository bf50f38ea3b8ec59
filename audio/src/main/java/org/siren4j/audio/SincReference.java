package org.siren4j.audio;

/**
 * The ideal band-limited resampling of a clip, as the truth that playback is measured against: a long Kaiser-windowed
 * sinc (512 taps, beta 14: about -140 dB sidelobes) evaluated directly at any source position, with its own band edge.
 * Slow (a Bessel function for each of the 512 taps of every sample) and independent of the renderer's and the wavetable's
 * filters, which it checks.
 */
public final class SincReference {
    static final int HALF = 256;
    static final double BETA = 14;
    private static final double I0_BETA = besselI0(BETA);

    private SincReference() {}

    /** The clip {@code x} at source position {@code p} (in samples), band-limited to {@code fc} cycles per source sample. */
    public static double at(double[] x, double p, double fc) {
        int k0 = (int) Math.floor(p);
        double s = 0;
        for (int k = Math.max(0, k0 - HALF + 1); k <= Math.min(x.length - 1, k0 + HALF); k++) {
            double d = p - k, r = d / HALF;
            if (Math.abs(r) >= 1) continue;
            double sinc = d == 0 ? 1 : Math.sin(2 * Math.PI * fc * d) / (2 * Math.PI * fc * d);
            s += x[k] * 2 * fc * sinc * besselI0(BETA * Math.sqrt(1 - r * r)) / I0_BETA;
        }
        return s;
    }

    static double besselI0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 60; k++) { term *= (x / (2 * k)) * (x / (2 * k)); sum += term; }
        return sum;
    }

    /**
     * SNR in dB of {@code y} (output sample i at source position i * step) against the ideal resampling of {@code x}
     * (band edge: the source's Nyquist frequency, divided by the step when it plays faster), away from the first and
     * last {@code margin} source samples, where a finite clip has no ideal.
     */
    public static double snrDb(double[] x, double[] y, double step, int margin) {
        double fc = 0.5 / Math.max(1, step), sig = 0, err = 0;
        for (int i = 0; i < y.length; i++) {
            double p = i * step;
            if (p < margin || p > x.length - 1 - margin) continue;
            double t = at(x, p, fc);
            sig += t * t;
            err += (y[i] - t) * (y[i] - t);
        }
        return 10 * Math.log10(sig / err);
    }
}
