package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.samediff.SameDiffEngine;

/**
 * Parameter gradients of losses on value, gradient and second-order channels: the hand-written reverse
 * pass against SameDiff's differentiation of the same equations, and against finite differences.
 */
public class GradientOracleTest {

    /** A loss that touches every kind of channel and mixes outputs, with per-point coefficients. */
    public static Objective mixedObjective(int d, int n) {
        double[] x = TestNets.points(n, d, 5);
        double[] coef = TestNets.randomArray(n, 6);
        double[] wave = new double[d];
        for (int j = 0; j < d; j++) wave[j] = j == 0 ? 1 : -0.5;
        List<Residual> rs = new ArrayList<>();
        rs.add(Residual.mse("value").term(ChannelRef.value(0)).target(TestNets.randomArray(n, 7)));
        rs.add(Residual.mse("grad").term(ChannelRef.gradient(1, d - 1), coef).term(ChannelRef.value(1), 2.0).weight(0.01));
        rs.add(Residual.mse("lap").term(ChannelRef.laplacian(0, d)).term(ChannelRef.second(1, wave), coef)
                .target(TestNets.randomArray(n, 8)).weight(1e-6));
        rs.add(Residual.l1("l1").term(ChannelRef.value(1)).pointWeights(TestNets.randomArray(n, 9)));
        return new Objective(x, d, rs);
    }

    @Test
    void handPassMatchesSameDiffInFloat64() {
        for (int d = 1; d <= 3; d++) {
            SirenModel model = TestNets.model(d, 2, 21 + d);
            Objective obj = mixedObjective(d, 9);
            double[] hand, oracle;
            try (FusedEngine fused = new FusedEngine()) { hand = TestNets.gradient(fused, model, obj); }
            oracle = TestNets.gradient(new SameDiffEngine(), model, obj);
            double num = 0, den = 0;
            for (int i = 0; i < hand.length; i++) { num += sq(hand[i] - oracle[i]); den += sq(oracle[i]); }
            assertThat(Math.sqrt(num / den)).as("relative error, d=" + d).isLessThanOrEqualTo(1e-6);
            assertThat(den).isGreaterThan(0);
        }
    }

    @Test
    void onePointOneOutputGradientsMatch() {
        // ND4J's SameDiff mishandles 1x1 products: the engine pads, and both engines must agree
        SirenModel model = SirenModel.create(new SirenSpec(1, 8, 1, 1, 3, 30), Precision.FLOAT64, 4);
        Objective obj = new Objective(new double[] {0.3}, 1,
                List.of(Residual.mse("v").term(ChannelRef.value(0)).target(new double[] {0.7})));
        double[] hand, oracle;
        try (FusedEngine fused = new FusedEngine()) { hand = TestNets.gradient(fused, model, obj); }
        oracle = TestNets.gradient(new SameDiffEngine(), model, obj);
        for (int i = 0; i < hand.length; i++) ChannelFiniteDifferenceTest.assertClose(oracle[i], hand[i], 1e-9, "parameter " + i);
        assertThat(java.util.Arrays.stream(hand).distinct().count()).as("distinct gradient entries").isGreaterThan(3);
    }

    @Test
    void secondBackwardAfterOneForwardFailsClearly() {
        SirenModel model = TestNets.model(1, 2, 5);
        Objective obj = mixedObjective(1, 4);
        try (FusedEngine fused = new FusedEngine()) {
            TestNets.gradient(fused, model, obj);
            List<Buf> grads = new ArrayList<>();
            for (Buf p : model.parameters()) grads.add(p.zerosLike());
            double[] adj = new double[obj.request().channelCount() * model.spec().outputs() * obj.points()];
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fused.backward(adj, grads))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
            // a fresh forward makes it legal again
            assertThat(TestNets.gradient(fused, model, obj)).isEqualTo(TestNets.gradient(fused, model, obj));
        }
    }

    @Test
    void zeroPointsGiveEmptyChannels() {
        SirenModel model = TestNets.model(2, 1, 6);
        try (FusedEngine fused = new FusedEngine()) {
            Channels c = fused.forward(model, DerivativeRequest.valueOnly(2), new double[0], 0);
            assertThat(c.points()).isZero();
            assertThat(fused.evaluate(model, DerivativeRequest.valueOnly(2), new double[0], 0).points()).isZero();
        }
    }

    @Test
    void sameDiffForwardMatchesHandForward() {
        SirenModel model = TestNets.model(2, 2, 3);
        Objective obj = mixedObjective(2, 6);
        double[] a, b;
        try (FusedEngine fused = new FusedEngine()) { a = fused.forward(model, obj.request(), obj.coords(), 6).data().clone(); }
        b = new SameDiffEngine().forward(model, obj.request(), obj.coords(), 6).data();
        for (int i = 0; i < b.length; i++) ChannelFiniteDifferenceTest.assertClose(a[i], b[i], 1e-10, "channel entry " + i);
    }

    @Test
    void handPassMatchesFiniteDifferences() {
        int d = 2;
        SirenModel model = TestNets.model(d, 2, 77);
        Objective obj = mixedObjective(d, 8);
        double[] hand;
        try (FusedEngine fused = new FusedEngine()) {
            hand = TestNets.gradient(fused, model, obj);
            double[] theta = model.flatParameters();
            // every bias of the first layer, and a spread of weights in every layer
            for (int i = 0; i < theta.length; i += 37) {
                double h = 1e-6 * Math.max(1, Math.abs(theta[i]));
                double saved = theta[i];
                theta[i] = saved + h; model.setFlatParameters(theta);
                double lp = obj.evaluate(fused.forward(model, obj.request(), obj.coords(), 8), null, null);
                theta[i] = saved - h; model.setFlatParameters(theta);
                double lm = obj.evaluate(fused.forward(model, obj.request(), obj.coords(), 8), null, null);
                theta[i] = saved; model.setFlatParameters(theta);
                double fd = (lp - lm) / (2 * h);
                assertThat(Math.abs(hand[i] - fd)).as("param " + i + ": " + hand[i] + " vs fd " + fd)
                        .isLessThan(1e-5 * Math.max(1, Math.abs(fd)));
            }
        }
    }

    @Test
    void float32PassAgreesWithFloat64() {
        SirenModel model = TestNets.model(2, 2, 5);
        Objective obj = mixedObjective(2, 16);
        double[] g64, g32;
        try (FusedEngine fused = new FusedEngine()) {
            g64 = TestNets.gradient(fused, model, obj);
            g32 = TestNets.gradient(fused, model.copy(Precision.FLOAT32), obj);
        }
        double num = 0, den = 0;
        for (int i = 0; i < g64.length; i++) { num += sq(g32[i] - g64[i]); den += sq(g64[i]); }
        assertThat(Math.sqrt(num / den)).isLessThan(2e-3);
    }

    /** The vectorised float32 passes against the float64 scalar passes, channels and gradients, d = 1..3. */
    @Test
    void vectorFloat32PassAgreesWithScalarFloat64() {
        for (int d = 1; d <= 3; d++) {
            SirenModel m64 = SirenModel.create(new SirenSpec(d, 32, 2, 2, 30, 30), Precision.FLOAT64, 40 + d);
            SirenModel m32 = m64.copy(Precision.FLOAT32);
            Objective obj = mixedObjective(d, 40);
            try (FusedEngine vec = new FusedEngine(); FusedEngine ref = new FusedEngine().vectorKernels(false)) {
                assertThat(vec.vectorizes(32)).isTrue();
                double[] c32 = vec.forward(m32, obj.request(), obj.coords(), 40).data().clone();
                double[] c64 = ref.forward(m64, obj.request(), obj.coords(), 40).data().clone();
                for (int i = 0; i < c64.length; i++)
                    assertThat(Math.abs(c32[i] - c64[i])).as("channel entry " + i).isLessThan(2e-4 * Math.max(1, Math.abs(c64[i])));
                double[] g32 = TestNets.gradient(vec, m32, obj), g64 = TestNets.gradient(ref, m64, obj);
                double num = 0, den = 0;
                for (int i = 0; i < g64.length; i++) { num += sq(g32[i] - g64[i]); den += sq(g64[i]); }
                assertThat(Math.sqrt(num / den)).as("gradient relative error, d=" + d).isLessThan(1e-3);
            }
        }
    }

    private static double sq(double v) { return v * v; }
}
