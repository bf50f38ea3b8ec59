package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.samediff.SameDiffEngine;
import org.siren4j.core.train.Trainer;
import org.siren4j.core.train.TrainingSession;

/** Point groups, functions of the point, complex residuals, every output, per-input scaling. */
class PointGroupTest {

    /** Records the channel count of every forward pass. */
    static final class Recording implements SirenEngine {
        final SirenEngine inner;
        final List<Integer> channels = new ArrayList<>();

        Recording(SirenEngine inner) { this.inner = inner; }

        @Override public Channels forward(SirenModel m, DerivativeRequest r, double[] x, int n) {
            channels.add(r.channelCount());
            return inner.forward(m, r, x, n);
        }

        @Override public void backward(double[] adj, List<Buf> g, boolean acc) { inner.backward(adj, g, acc); }

        @Override public String name() { return "recording"; }
    }

    private static final PointFunction SOURCE = (p, o) -> Math.sin(2 * p[o]) * p[o + 1];

    /** Each residual is a mean over its own group; the boundary pass carries the value alone. */
    @Test
    void residualMeansAreOverTheirOwnGroupAndBoundaryPointsCarryNoLaplacian() {
        int d = 2, nIn = 50, nB = 20;
        double[] interior = TestNets.points(nIn, d, 1), boundary = TestNets.points(nB, d, 2);
        double[] g = TestNets.randomArray(nB, 3);
        PointGroup in = PointGroup.fixed("interior", d, interior).residual(Residual.mse("pde").term(ChannelRef.laplacian(0, d)).target(SOURCE));
        PointGroup bc = PointGroup.fixed("boundary", d, boundary).residual(Residual.mse("bc").term(ChannelRef.value(0)).target(g).weight(3));
        Objective obj = Objective.of(d, in, bc);
        SirenModel model = TestNets.model(d, 1, 4);
        try (FusedEngine fused = new FusedEngine()) {
            // the independent truth: the channels at each group's points, and the means written out here
            Channels ci = fused.evaluate(model, DerivativeRequest.of(d, ChannelRef.laplacian(0, d)), interior, nIn);
            double expected = 0;
            for (int p = 0; p < nIn; p++) expected += Math.pow(ci.get(ChannelRef.laplacian(0, d), p) - SOURCE.at(interior, p * d), 2) / nIn;
            double[] u = model.evaluate(fused, boundary, nB);
            for (int p = 0; p < nB; p++) expected += 3 * Math.pow(u[p] - g[p], 2) / nB;

            Recording rec = new Recording(fused);
            TrainingSession s = new TrainingSession(rec, model, obj, Trainer.Config.of(1, 1e-4).toBuilder().noSpikeGuard().build());
            s.step(p -> { });
            assertThat(s.loss()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
            assertThat(rec.channels).containsExactly(4, 1); // interior: value, d/dx, d/dy, Laplacian; boundary: value
            assertThat(bc.request().channelCount()).isEqualTo(1);
        }
    }

    @Test
    void resampledGroupsRefuseArraysAndDrawInsideTheirDomain() {
        PointGroup g = PointGroup.sampled("interior", 2, 100, Sampler.box(new double[]{0, -1}, new double[]{1, 1}));
        assertThatThrownBy(() -> g.residual(Residual.mse("r").term(ChannelRef.value(0)).target(new double[100])))
                .hasMessageContaining("PointFunction");
        g.resample(new Rng(1));
        for (int p = 0; p < 100; p++) {
            assertThat(g.points()[2 * p]).isBetween(0.0, 1.0);
            assertThat(g.points()[2 * p + 1]).isBetween(-1.0, 1.0);
        }
        double[] s = new double[2 * 400];
        Sampler.boxSurface(new double[]{-1, -1}, new double[]{1, 1}).sample(new Rng(2), s, 400);
        for (int p = 0; p < 400; p++) assertThat(Math.max(Math.abs(s[2 * p]), Math.abs(s[2 * p + 1]))).isEqualTo(1.0);
    }

    /** The complex helper gives the same loss and gradient as the real and imaginary parts written by hand. */
    @Test
    void complexResidualMatchesTheHandExpandedForm() {
        int d = 2, n = 40;
        double[] x = TestNets.points(n, d, 7);
        PointFunction a = (p, o) -> 1 + p[o], b = (p, o) -> p[o + 1] * p[o + 1], f = (p, o) -> Math.cos(p[o]), h = (p, o) -> p[o] - p[o + 1];
        ChannelRef lap0 = ChannelRef.laplacian(0, d), lap1 = ChannelRef.laplacian(1, d);
        List<Residual> helper = ComplexResidual.mse("helm").term(lap0, lap1, a, b).term(ChannelRef.value(0), ChannelRef.value(1), 4.0, -0.5)
                .target(f, h).expand();
        // Re: a L0 - b L1 + 4 u0 + 0.5 u1 - f;  Im: a L1 + b L0 + 4 u1 - 0.5 u0 - h
        List<Residual> hand = List.of(
                Residual.mse("re").term(lap0, a).term(lap1, (p, o) -> -b.at(p, o)).term(ChannelRef.value(0), 4.0).term(ChannelRef.value(1), 0.5).target(f),
                Residual.mse("im").term(lap1, a).term(lap0, b).term(ChannelRef.value(1), 4.0).term(ChannelRef.value(0), -0.5).target(h));
        SirenModel model = TestNets.model(d, 2, 8);
        try (FusedEngine e = new FusedEngine()) {
            double[] g1 = TestNets.gradient(e, model, new Objective(x, d, helper));
            double[] g2 = TestNets.gradient(e, model, new Objective(x, d, hand));
            for (int i = 0; i < g1.length; i++) assertThat(g1[i]).isCloseTo(g2[i], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(g2[i]))));
            Objective o1 = new Objective(x, d, helper), o2 = new Objective(x, d, hand);
            double l1 = o1.evaluate(e.forward(model, o1.request(), x, n), null, null);
            double l2 = o2.evaluate(e.forward(model, o2.request(), x, n), null, null);
            assertThat(l1).isCloseTo(l2, org.assertj.core.data.Offset.offset(1e-12 * l2));
        }
    }

    /** Every output of a 2-output net against a forward pass written out in plain loops here. */
    @Test
    void everyOutputIsReadable() {
        SirenModel m = SirenModel.create(new SirenSpec(2, 16, 1, 3, 30, 30).withInputScale(2, 0.5), Precision.FLOAT64, 9);
        int n = 5;
        double[] x = TestNets.points(n, 2, 10);
        try (FusedEngine e = new FusedEngine()) {
            double[][] all = m.evaluateAll(e, x, n);
            for (int o = 0; o < 3; o++) {
                double[] one = m.evaluate(e, x, n, o);
                for (int p = 0; p < n; p++) {
                    double ref = reference(m, x[2 * p], x[2 * p + 1], o);
                    assertThat(all[o][p]).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(one[p]).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    private static double reference(SirenModel m, double x0, double x1, int output) {
        SirenSpec s = m.spec();
        double[] h = {x0 * s.inputScale(0), x1 * s.inputScale(1)};
        for (int l = 0; l < s.linearLayers(); l++) {
            int in = s.fanIn(l), out = s.fanOut(l);
            double[] z = new double[out];
            for (int o = 0; o < out; o++) {
                double t = m.bias(l).get(o);
                for (int i = 0; i < in; i++) t += m.weight(l).get(o * in + i) * h[i];
                z[o] = l == s.linearLayers() - 1 ? t : Math.sin(s.omega(l) * t);
            }
            h = z;
        }
        return h[output];
    }

    /** Input scaling: channels against finite differences, gradients against SameDiff. */
    @Test
    void inputScalingKeepsChannelsAndGradientsExact() {
        SirenModel m = SirenModel.create(new SirenSpec(2, 24, 2, 1, 30, 30).withInputScale(3, 0.25), Precision.FLOAT64, 11);
        int n = 6;
        double[] x = TestNets.points(n, 2, 12);
        ChannelRef lap = ChannelRef.laplacian(0, 2), dx = ChannelRef.gradient(0, 0), dy = ChannelRef.gradient(0, 1);
        try (FusedEngine e = new FusedEngine(); SameDiffEngine sd = new SameDiffEngine()) {
            Channels c = e.evaluate(m, DerivativeRequest.of(2, lap, dx, dy), x, n);
            double h = 1e-5, h2 = 1e-4;
            for (int p = 0; p < n; p++) {
                double[] fd = new double[2], fd2 = new double[2];
                double u0 = reference(m, x[2 * p], x[2 * p + 1], 0);
                for (int j = 0; j < 2; j++) {
                    double[] a = {x[2 * p], x[2 * p + 1]}, b = a.clone(), a2 = a.clone(), b2 = a.clone();
                    a[j] += h; b[j] -= h; a2[j] += h2; b2[j] -= h2;
                    fd[j] = (reference(m, a[0], a[1], 0) - reference(m, b[0], b[1], 0)) / (2 * h);
                    fd2[j] = (reference(m, a2[0], a2[1], 0) - 2 * u0 + reference(m, b2[0], b2[1], 0)) / (h2 * h2);
                }
                ChannelFiniteDifferenceTest.assertClose(c.get(dx, p), fd[0], 1e-6, "du/dx");
                ChannelFiniteDifferenceTest.assertClose(c.get(dy, p), fd[1], 1e-6, "du/dy");
                ChannelFiniteDifferenceTest.assertClose(c.get(lap, p), fd2[0] + fd2[1], 1e-4 * (1 + Math.abs(fd2[0]) + Math.abs(fd2[1])), "laplacian");
            }
            Objective obj = new Objective(x, 2, List.of(Residual.mse("lap").term(lap).target(TestNets.randomArray(n, 13)),
                    Residual.mse("v").term(ChannelRef.value(0)).term(dy, 0.5)));
            double[] gf = TestNets.gradient(e, m, obj), gs = TestNets.gradient(sd, m, obj);
            double num = 0, den = 0;
            for (int i = 0; i < gf.length; i++) { num += (gf[i] - gs[i]) * (gf[i] - gs[i]); den += gs[i] * gs[i]; }
            assertThat(Math.sqrt(num / den)).isLessThan(1e-9);
        }
    }
}
