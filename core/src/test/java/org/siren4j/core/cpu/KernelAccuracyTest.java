package org.siren4j.core.cpu;

import org.siren4j.core.TestNets;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.siren4j.core.DerivativeRequest;
import org.siren4j.core.GradientOracleTest;
import org.siren4j.core.Objective;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;

/** The vectorised sin/cos and passes against java.lang.Math and the scalar passes. */
class KernelAccuracyTest {

    /** Over the range a first audio layer sees (|w0 z| in the thousands) and beyond, to 1e5. */
    @Test
    void vectorSinCosMatchesMathOverTheFirstLayerRange() {
        int w = 256;
        for (double range : new double[] {1, 100, 6000, 99_000}) {
            ByteBuffer z = Vectors.direct(w), s = Vectors.direct(w), c = Vectors.direct(w);
            float[] bias = new float[w], tmp = new float[w];
            SplittableRandom r = new SplittableRandom(7);
            float[] x = new float[w];
            for (int i = 0; i < w; i++) { x[i] = (float) ((2 * r.nextDouble() - 1) * range); z.putFloat(4 * i, x[i]); }
            VectorSine.sinCosRow(z, 0, bias, 1f, s, 0, c, 0, tmp, w);
            double worst = 0;
            for (int i = 0; i < w; i++) {
                worst = Math.max(worst, Math.abs(s.getFloat(4 * i) - Math.sin(x[i])));
                worst = Math.max(worst, Math.abs(c.getFloat(4 * i) - Math.cos(x[i])));
            }
            // a few float ulps from the polynomials and quadrant selectors, plus ~|x| * 1e-11 from the reduction
            assertThat(worst).as("max error for |x| <= " + range).isLessThan(5e-7 + range * 2e-11);
        }
    }

    /** The cosine-free sine of the rendering path, over the same range. */
    @Test
    void vectorSinAloneMatchesMath() {
        int w = 256;
        for (double range : new double[] {1, 100, 6000, 99_000}) {
            ByteBuffer z = Vectors.direct(w), s = Vectors.direct(w);
            float[] bias = new float[w], sign = new float[w], high = new float[w];
            SplittableRandom r = new SplittableRandom(8);
            float[] x = new float[w];
            for (int i = 0; i < w; i++) { x[i] = (float) ((2 * r.nextDouble() - 1) * range); z.putFloat(4 * i, x[i]); }
            VectorSine.sinRow(z, 0, bias, 1f, s, 0, sign, high, w);
            double worst = 0;
            for (int i = 0; i < w; i++) worst = Math.max(worst, Math.abs(s.getFloat(4 * i) - Math.sin(x[i])));
            assertThat(worst).as("max error for |x| <= " + range).isLessThan(5e-7 + range * 2e-11);
        }
    }

    /** Rendering (values only, no cosines kept) gives what the training forward pass gives. */
    @Test
    void renderingMatchesTheTrainingForwardPass() {
        SirenModel m = SirenModel.create(SirenSpec.audio(), 4);
        int n = 5000;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = -1 + 2.0 * i / (n - 1);
        try (FusedEngine e = new FusedEngine()) {
            double[] rendered = m.evaluate(e, t, n);
            double[] trained = e.forward(m, DerivativeRequest.valueOnly(1), t, n).values();
            double scale = 0;
            for (double v : trained) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < n; i++) assertThat(Math.abs(rendered[i] - trained[i])).isLessThan(1e-4 * scale);
        }
    }

    @Test
    void scalarSinCosIsDoubleAccurate() {
        double[] c = new double[1];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            double x = (2 * r.nextDouble() - 1) * Math.pow(10, r.nextInt(7));
            double s = SinCos.sin(x, c);
            assertThat(Math.abs(s - Math.sin(x))).isLessThan(1e-15 * Math.max(1, Math.abs(x)));
            assertThat(Math.abs(c[0] - Math.cos(x))).isLessThan(1e-15 * Math.max(1, Math.abs(x)));
        }
    }

    /** Same float32 inputs, vector and scalar passes: equal up to float32 rounding. */
    @Test
    void vectorAndScalarFloat32PassesAgree() {
        SirenModel m = SirenModel.create(new SirenSpec(2, 64, 2, 2, 30, 30), 12);
        Objective obj = GradientOracleTest.mixedObjective(2, 64);
        try (FusedEngine vec = new FusedEngine(); FusedEngine sca = new FusedEngine().vectorKernels(false)) {
            double[] a = vec.forward(m, obj.request(), obj.coords(), 64).data().clone();
            double[] b = sca.forward(m, obj.request(), obj.coords(), 64).data().clone();
            double scale = 0;
            for (double v : b) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < a.length; i++) assertThat(Math.abs(a[i] - b[i])).isLessThan(1e-5 * scale);
            double[] ga = TestNets.gradient(vec, m, obj), gb = TestNets.gradient(sca, m, obj);
            double num = 0, den = 0;
            for (int i = 0; i < ga.length; i++) { num += (ga[i] - gb[i]) * (ga[i] - gb[i]); den += gb[i] * gb[i]; }
            assertThat(Math.sqrt(num / den)).isLessThan(1e-4);
        }
    }

    /**
     * A first layer whose |w z| bound exceeds the vector range falls back to the scalar pass (the hidden
     * layers stay vectorised): the result matches the all-scalar pass, not the garbage an unreduced
     * float polynomial would give.
     */
    @Test
    void hugeArgumentsFallBackToTheScalarPass() {
        SirenModel m = SirenModel.create(new SirenSpec(1, 32, 1, 1, 3e6, 30), 1);
        double[] x = {0.3, -0.7, 0.9};
        try (FusedEngine vec = new FusedEngine(); FusedEngine sca = new FusedEngine().vectorKernels(false)) {
            double[] a = vec.evaluate(m, DerivativeRequest.valueOnly(1), x, 3).values();
            double[] b = sca.evaluate(m, DerivativeRequest.valueOnly(1), x, 3).values();
            for (int i = 0; i < 3; i++) assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
