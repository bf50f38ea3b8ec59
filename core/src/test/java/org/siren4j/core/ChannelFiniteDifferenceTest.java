package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siren4j.core.cpu.FusedEngine;

/** Forward derivative channels against central finite differences of the value, in float64. */
class ChannelFiniteDifferenceTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void channelsMatchFiniteDifferences(int d) {
        SirenModel model = TestNets.model(d, 2, 11 + d);
        List<ChannelRef> refs = new ArrayList<>();
        for (int j = 0; j < d; j++) refs.add(ChannelRef.gradient(1, j));
        refs.add(ChannelRef.laplacian(0, d));                       // Laplacian
        refs.add(ChannelRef.secondDerivative(0, d - 1, d));        // d2/dt2 alone (last coordinate)
        double[] mix = new double[d];
        for (int j = 0; j < d; j++) mix[j] = j == d - 1 ? -2.5 : 0.75 + j; // a weighted mix, wave-like sign
        refs.add(ChannelRef.second(0, mix));
        DerivativeRequest req = DerivativeRequest.of(d, refs);
        int n = 7;
        double[] x = TestNets.points(n, d, 3);
        try (FusedEngine engine = new FusedEngine()) {
            Channels ch = engine.evaluate(model, req, x, n);
            double h1 = 1e-6, h2 = 1e-4;
            for (int p = 0; p < n; p++) {
                for (int out = 0; out < 2; out++) {
                    double u0 = value(engine, model, x, p, -1, 0, out);
                    assertThat(ch.get(0, out, p)).isCloseTo(u0, org.assertj.core.data.Offset.offset(1e-12));
                    double[] second = new double[d];
                    for (int j = 0; j < d; j++) {
                        double up = value(engine, model, x, p, j, h1, out), um = value(engine, model, x, p, j, -h1, out);
                        double fd = (up - um) / (2 * h1);
                        if (out == 1) assertClose(ch.get(ChannelRef.gradient(1, j), p), fd, 1e-5, "du/dx" + j);
                        double up2 = value(engine, model, x, p, j, h2, out), um2 = value(engine, model, x, p, j, -h2, out);
                        second[j] = (up2 - 2 * u0 + um2) / (h2 * h2);
                    }
                    if (out == 0) {
                        // finite differences of second derivatives carry ~1e-6 of each term's size:
                        // compare against the size of the terms, not of their (cancelling) sum
                        double lap = 0, mixed = 0, size = 1;
                        for (int j = 0; j < d; j++) { lap += second[j]; mixed += mix[j] * second[j]; size += Math.abs(mix[j] * second[j]) + Math.abs(second[j]); }
                        assertClose(ch.get(ChannelRef.laplacian(0, d), p), lap, 1e-5 * size, "laplacian");
                        assertClose(ch.get(ChannelRef.secondDerivative(0, d - 1, d), p), second[d - 1], 1e-5, "d2/dt2");
                        assertClose(ch.get(ChannelRef.second(0, mix), p), mixed, 1e-5 * size, "weighted mix");
                    }
                }
            }
        }
    }

    /** Value of one output at point p with coordinate j shifted by h (j < 0: no shift). */
    private static double value(SirenEngine e, SirenModel m, double[] x, int p, int j, double h, int out) {
        int d = m.spec().inputs();
        double[] pt = new double[d];
        System.arraycopy(x, p * d, pt, 0, d);
        if (j >= 0) pt[j] += h;
        return e.evaluate(m, DerivativeRequest.valueOnly(d), pt, 1).get(0, out, 0);
    }

    static void assertClose(double actual, double expected, double rel, String what) {
        double scale = Math.max(1.0, Math.abs(expected));
        assertThat(Math.abs(actual - expected) / scale).as(what + ": " + actual + " vs " + expected).isLessThan(rel);
    }
}
