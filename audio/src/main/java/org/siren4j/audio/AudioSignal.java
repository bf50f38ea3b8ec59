package org.siren4j.audio;

/**
 * The audio conventions of DESIGN.md: time mapped to [-1, 1] over the clip, the target scaled by
 * 1/max|x| for training (and scaled back on output), and the quality measure reported for fits.
 */
public final class AudioSignal {
    private AudioSignal() {}

    /** A clip ready to fit: sample times on [-1, 1], samples divided by {@code scale} = max|x|. */
    public record Normalized(double[] time, double[] target, double scale) {
        public int samples() { return time.length; }
    }

    public static Normalized normalize(double[] samples) {
        int n = samples.length;
        if (n < 2) throw new IllegalArgumentException("a clip needs at least 2 samples, got " + n);
        double scale = 0;
        for (double v : samples) scale = Math.max(scale, Math.abs(v));
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("the clip is silent or not finite");
        double[] t = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = -1 + 2.0 * i / (n - 1);
            y[i] = samples[i] / scale;
        }
        return new Normalized(t, y, scale);
    }

    /** 10 log10(sum truth^2 / sum (truth - estimate)^2). */
    public static double snrDb(double[] truth, double[] estimate) {
        double s = 0, e = 0;
        for (int i = 0; i < truth.length; i++) {
            s += truth[i] * truth[i];
            e += (truth[i] - estimate[i]) * (truth[i] - estimate[i]);
        }
        return 10 * Math.log10(s / e);
    }

    /** The same over every channel of two clips of one shape, pooled; identical clips give 300 dB, not infinity (a report's JSON has no infinity). */
    public static double snrDb(Clip truth, Clip estimate) {
        double s = 0, e = 0;
        for (int c = 0; c < truth.channels(); c++)
            for (int i = 0; i < truth.frames(); i++) {
                double t = truth.samples()[c][i], d = t - estimate.samples()[c][i];
                s += t * t;
                e += d * d;
            }
        return 10 * Math.log10(s / Math.max(e, 1e-30 * s));
    }
}
