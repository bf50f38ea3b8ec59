package org.siren4j.plugins.builtin;

import org.siren4j.audio.Renderer;

/**
 * A sound held as band-limited levels for playback at any speed: level 0 is the sound oversampled 4x (its band
 * below the source's Nyquist frequency), level k is level k-1 low-passed to half its band and decimated by 2, so
 * every level is 4x oversampled and reading level k at up to 2^k times the source speed does not alias. Reading
 * is 4-point cubic (Catmull-Rom) interpolation: at 4x oversampling its error on the band stays below -60 dB.
 */
final class Wavetable {
    static final int OVERSAMPLE = 4, LEVELS = 6;
    final float[][][] levels; // [level][channel][sample]
    final double sourceRate;
    final int sourceFrames;

    /** {@code fine[channel][i]}: the sound at 4x the source rate, already band-limited to the source's band. */
    Wavetable(double[][] fine, double sourceRate, int sourceFrames) {
        this.sourceRate = sourceRate;
        this.sourceFrames = sourceFrames;
        levels = new float[LEVELS][fine.length][];
        double[][] cur = fine;
        // half of a 4x-oversampled band (1/16 cycles per sample), flat to 92% of it as the renderer's filter: at 80% (513
        // taps) an octave up lost the band's top fifth (drums: 37 dB below 90% of the band against the ideal; 1283 taps now)
        double[] half = Renderer.lowPass(1.0 / 16, 0.92);
        for (int k = 0; k < LEVELS; k++) {
            for (int c = 0; c < fine.length; c++) {
                float[] f = new float[cur[c].length + 4];  // two guard samples each side for the interpolation
                for (int i = 0; i < cur[c].length; i++) f[i + 2] = (float) cur[c][i];
                levels[k][c] = f;
            }
            if (k + 1 < LEVELS) {
                double[][] next = new double[cur.length][];
                for (int c = 0; c < cur.length; c++) next[c] = halve(cur[c], half);
                cur = next;
            }
        }
    }

    /** The dry sound (no SIREN): zero-stuffed to 4x and low-passed at the source's Nyquist frequency. */
    static Wavetable fromSamples(float[][] x, double rate) {
        double[] lp = Renderer.lowPass(1.0 / (2 * OVERSAMPLE), 0.92);
        double[][] fine = new double[x.length][];
        for (int c = 0; c < x.length; c++) {
            int n = x[c].length * OVERSAMPLE;
            double[] up = new double[n];
            for (int i = 0; i < x[c].length; i++) up[i * OVERSAMPLE] = OVERSAMPLE * x[c][i];
            fine[c] = convolve(up, lp, 1);
        }
        return new Wavetable(fine, rate, x[0].length);
    }

    private static double[] halve(double[] x, double[] taps) { return convolve(x, taps, 2); }

    /** Linear-phase FIR (centred) sampled every {@code step}-th output. */
    private static double[] convolve(double[] x, double[] taps, int step) {
        int half = taps.length / 2, n = (x.length + step - 1) / step;
        double[] y = new double[n];
        for (int o = 0; o < n; o++) {
            int centre = o * step;
            double s = 0;
            int k0 = Math.max(0, centre + half - (x.length - 1)), k1 = Math.min(taps.length - 1, centre + half);
            for (int k = k0; k <= k1; k++) s += taps[k] * x[centre + half - k];
            y[o] = s;
        }
        return y;
    }

    int channels() { return levels[0].length; }

    /** The level to read at {@code speed} source samples per output sample times sourceRate / outputRate. */
    static int level(double sourceSamplesPerOutput) {
        int k = 0;
        while (k + 1 < LEVELS && sourceSamplesPerOutput > (1 << k) * 1.0000001) k++;
        return k;
    }

    /** Channel {@code c} of level {@code k} at source position {@code pos} (in source samples); 0 outside. */
    float read(int k, int c, double pos) {
        double p = pos * OVERSAMPLE / (1 << k);
        float[] t = levels[k][c];
        int i = (int) Math.floor(p);
        if (i < -1 || i + 2 >= t.length - 2) return 0f;
        float f = (float) (p - i);
        float y0 = t[i + 1], y1 = t[i + 2], y2 = t[i + 3], y3 = t[i + 4];
        // Catmull-Rom
        return y1 + 0.5f * f * (y2 - y0 + f * (2f * y0 - 5f * y1 + 4f * y2 - y3 + f * (3f * (y1 - y2) + y3 - y0)));
    }
}
