package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The paper's init (Sitzmann et al. 2020, Sec. 3.2 and supplement Thm 1.8): the weight part of every
 * hidden pre-activation, {@code w W h}, is ~N(0,1) and every hidden activation is arcsine-distributed,
 * at any depth. With the bias inside the w factor (official code), the full pre-activation's variance
 * is {@code 1 + w^2 / (3 fan_in)}: checked too.
 */
class InitTest {

    @Test
    void preActivationsAreStandardNormalAndActivationsArcsineAtEveryDepth() {
        int width = 512, layers = 6, n = 10_000;
        SirenSpec spec = new SirenSpec(1, width, layers - 1, 1, 30, 30);
        SirenModel m = SirenModel.create(spec, Precision.FLOAT64, 42);
        double[] h = new double[n];
        for (int i = 0; i < n; i++) h[i] = -1 + 2.0 * i / (n - 1);
        int fanIn = 1;
        for (int layer = 0; layer < layers; layer++) {
            Buf w = m.weight(layer), b = m.bias(layer);
            double om = spec.omega(layer);
            double[] next = new double[n * width];
            double[] wh = new double[n * width];
            double[] pre = new double[n * width];
            for (int p = 0; p < n; p++)
                for (int o = 0; o < width; o++) {
                    double z = 0;
                    for (int i = 0; i < fanIn; i++) z += w.get(o * fanIn + i) * h[p * fanIn + i];
                    wh[p * width + o] = om * z;
                    pre[p * width + o] = om * (z + b.get(o));
                    next[p * width + o] = Math.sin(pre[p * width + o]);
                }
            if (layer > 0) {
                assertThat(std(wh)).as("std of w W h, layer " + layer).isBetween(0.9, 1.1);
                assertThat(Math.abs(mean(wh))).as("mean, layer " + layer).isLessThan(0.1);
                double expected = Math.sqrt(1 + om * om / (3.0 * fanIn));
                assertThat(std(pre) / expected).as("std of w (W h + b), layer " + layer).isBetween(0.9, 1.1);
            }
            assertThat(ksToArcsine(next)).as("KS distance to arcsine, layer " + layer).isLessThan(0.03);
            h = next;
            fanIn = width;
        }
    }

    private static double mean(double[] a) { return Arrays.stream(a).average().orElseThrow(); }

    private static double std(double[] a) {
        double m = mean(a), s = 0;
        for (double v : a) s += (v - m) * (v - m);
        return Math.sqrt(s / a.length);
    }

    /** Kolmogorov-Smirnov distance to the arcsine law on [-1, 1]: F(y) = 1/2 + asin(y)/pi. */
    private static double ksToArcsine(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        double ks = 0;
        for (int i = 0; i < s.length; i += 7) {
            double f = 0.5 + Math.asin(Math.max(-1, Math.min(1, s[i]))) / Math.PI;
            ks = Math.max(ks, Math.abs(f - (i + 0.5) / s.length));
        }
        return ks;
    }
}
