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
     * Playback against the ideal, in dB: {@code full} over the whole band, {@code passband} over the lower 90% of it, as
     * the shared resampling protocol's SNR_PB (anchor.py), which leaves each filter's own transition band out.
     */
    public record Snr(double full, double passband) {}

    /** The share of the band that {@link Snr#passband} keeps. */
    public static final double PASSBAND = 0.9;

    /**
     * SNR in dB of {@code y} (output sample i at source position i * step) against the ideal resampling of {@code x}
     * (band edge: the source's Nyquist frequency, divided by the step when it plays faster), away from the first and
     * last {@code margin} source samples, where a finite clip has no ideal.
     */
    public static double snrDb(double[] x, double[] y, double step, int margin) { return compare(x, y, step, margin).full(); }

    /**
     * As {@link #snrDb}, and over the passband: there the truth and the error are both Hann-windowed and masked in the
     * frequency domain to {@link #PASSBAND} of the band edge (in cycles per output sample, {@code fc * step}).
     */
    public static Snr compare(double[] x, double[] y, double step, int margin) {
        double fc = 0.5 / Math.max(1, step), sig = 0, err = 0;
        int from = (int) Math.ceil(margin / step), to = Math.min(y.length, (int) Math.floor((x.length - 1 - margin) / step) + 1);
        if (to - from < 16) throw new IllegalArgumentException("too short to compare: " + Math.max(0, to - from) + " output samples");
        double[] t = new double[to - from], e = new double[to - from];
        for (int i = from; i < to; i++) {
            t[i - from] = at(x, i * step, fc);
            e[i - from] = y[i] - t[i - from];
            sig += t[i - from] * t[i - from];
            err += e[i - from] * e[i - from];
        }
        double edge = PASSBAND * fc * step;
        return new Snr(10 * Math.log10(sig / err), 10 * Math.log10(bandEnergy(t, edge) / bandEnergy(e, edge)));
    }

    /** Energy of Hann-windowed {@code v} below {@code edge} cycles per sample (a double-precision DFT by FFT). */
    static double bandEnergy(double[] v, double edge) {
        int n = Integer.highestOneBit(v.length - 1) << 1;
        double[] re = new double[n], im = new double[n];
        for (int i = 0; i < v.length; i++) re[i] = v[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / v.length));
        fft(re, im);
        double sum = 0;
        for (int k = 0; k <= n / 2; k++) if (k <= edge * n) sum += (k == 0 || k == n / 2 ? 1 : 2) * (re[k] * re[k] + im[k] * im[k]);
        return sum;
    }

    /** In-place radix-2 FFT (n a power of two): a reference needs double precision, not speed. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { double a = re[i]; re[i] = re[j]; re[j] = a; a = im[i]; im[i] = im[j]; im[j] = a; }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k), wi = Math.sin(ang * k);
                    int a = i + k, b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi, xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr; im[b] = im[a] - xi;
                    re[a] += xr; im[a] += xi;
                }
            }
        }
    }
}
