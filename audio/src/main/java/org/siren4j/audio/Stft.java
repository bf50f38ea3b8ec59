package org.siren4j.audio;

import be.tarsos.dsp.util.fft.FloatFFT;

/**
 * Short-time Fourier transform with a periodic Hann window and hop size/4, and its inverse by weighted
 * overlap-add (the window applied again, divided by the sum of squared windows), so that an unmodified
 * spectrogram gives the signal back. The signal is padded by half a window of its mirror image at each end,
 * so the first and last samples are covered as well as the middle. FFTs are TarsosDSP's (JTransforms).
 */
public final class Stft {
    public final int size, hop, frames, bins, length;
    /** re[frame][bin], im[frame][bin], bins = size / 2 + 1. */
    public final double[][] re, im;
    private final double[] window;

    private Stft(int size, int length) {
        if (Integer.bitCount(size) != 1 || size < 16) throw new IllegalArgumentException("FFT size must be a power of two >= 16");
        this.size = size;
        this.hop = size / 4;
        this.length = length;
        this.bins = size / 2 + 1;
        this.frames = (length + size) / hop + 1;
        re = new double[frames][bins];
        im = new double[frames][bins];
        window = new double[size];
        for (int i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / size);
    }

    /** The FFT size nearest to {@code seconds} at {@code rate} (a power of two). */
    public static int sizeFor(int rate, double seconds) {
        return 1 << Math.max(4, (int) Math.round(Math.log(seconds * rate) / Math.log(2)));
    }

    /** Frame f starts at sample {@code f hop - size / 2} of the signal (reflected outside it). */
    public static Stft analyze(double[] x, int size) {
        Stft s = new Stft(size, x.length);
        FloatFFT fft = new FloatFFT(size);
        float[] buf = new float[size];
        for (int f = 0; f < s.frames; f++) {
            int start = f * s.hop - size / 2;
            for (int i = 0; i < size; i++) buf[i] = (float) (s.window[i] * at(x, start + i));
            fft.realForward(buf);
            s.re[f][0] = buf[0];
            s.im[f][0] = 0;
            s.re[f][size / 2] = buf[1];
            s.im[f][size / 2] = 0;
            for (int k = 1; k < size / 2; k++) {
                s.re[f][k] = buf[2 * k];
                s.im[f][k] = buf[2 * k + 1];
            }
        }
        return s;
    }

    private static double at(double[] x, int i) {
        int n = x.length;
        if (n == 1) return x[0];
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return x[i < n ? i : period - i];
    }

    /** |X|^2 per frame and bin. */
    public double[][] power() {
        double[][] p = new double[frames][bins];
        for (int f = 0; f < frames; f++) for (int k = 0; k < bins; k++) p[f][k] = re[f][k] * re[f][k] + im[f][k] * im[f][k];
        return p;
    }

    /** The signal of this spectrogram with every bin multiplied by {@code gain[frame][bin]} (null: unity). */
    public double[] synthesize(double[][] gain) {
        FloatFFT fft = new FloatFFT(size);
        float[] buf = new float[size];
        double[] out = new double[length], norm = new double[length];
        for (int f = 0; f < frames; f++) {
            for (int k = 1; k < size / 2; k++) {
                double g = gain == null ? 1 : gain[f][k];
                buf[2 * k] = (float) (g * re[f][k]);
                buf[2 * k + 1] = (float) (g * im[f][k]);
            }
            buf[0] = (float) ((gain == null ? 1 : gain[f][0]) * re[f][0]);
            buf[1] = (float) ((gain == null ? 1 : gain[f][size / 2]) * re[f][size / 2]);
            fft.realInverse(buf, true);
            int start = f * hop - size / 2;
            for (int i = 0; i < size; i++) {
                int t = start + i;
                if (t < 0 || t >= length) continue;
                out[t] += window[i] * buf[i];
                norm[t] += window[i] * window[i];
            }
        }
        for (int t = 0; t < length; t++) out[t] /= norm[t];
        return out;
    }
}
