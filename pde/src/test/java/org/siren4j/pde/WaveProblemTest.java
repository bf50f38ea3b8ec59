package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

class WaveProblemTest {
    /** The built-in initial conditions hold exactly, and the residual is u_tt - c^2 Lap u of the whole field (central differences). */
    @Test
    void residualIsTheWaveOperatorOfTheWholeField() {
        DoubleBinaryOperator u0 = WaveProblem.gaussian(0.1, -0.2, 0.3, 1.5), v0 = (x, y) -> 0.4 * Math.sin(x) * y;
        WaveProblem p = new WaveProblem(2, 0.7, 0.5, u0, v0);
        SirenModel m = SirenModel.create(new SirenSpec(3, 32, 2, 1, 3, 30), Precision.FLOAT64, 5);
        try (SirenEngine e = Engines.cpu()) {
            double[] xs = {0.3, -0.4};
            double h = 1e-6;
            assertThat(p.field(m, e, xs, 1, 0)[0]).isCloseTo(u0.applyAsDouble(0.3, -0.4), within(1e-14));
            double ut = (p.field(m, e, xs, 1, h)[0] - p.field(m, e, xs, 1, 0)[0]) / h;
            assertThat(ut).isCloseTo(v0.applyAsDouble(0.3, -0.4), within(1e-5));

            for (double[] pt : new double[][] {{0.3, -0.4, 0.2}, {-0.7, 0.5, 0.45}}) {
                Objective o = Objective.of(3, PointGroup.fixed("one", 3, pt.clone()).residual(p.pde()));
                double loss = o.evaluate(e.forward(m, o.request(), pt.clone(), 1), null, null);
                double d = 1e-3, x = pt[0], y = pt[1], t = pt[2];
                double c0 = u(p, m, e, x, y, t);
                double utt = (u(p, m, e, x, y, t + d) - 2 * c0 + u(p, m, e, x, y, t - d)) / (d * d);
                double lap = (u(p, m, e, x + d, y, t) + u(p, m, e, x - d, y, t) + u(p, m, e, x, y + d, t) + u(p, m, e, x, y - d, t) - 4 * c0) / (d * d);
                double r = utt - 0.49 * lap;
                assertThat(Math.sqrt(loss)).as("at %s", java.util.Arrays.toString(pt)).isCloseTo(Math.abs(r), within(1e-4 * (1 + Math.abs(r))));
            }
        }
    }

    private static double u(WaveProblem p, SirenModel m, SirenEngine e, double x, double y, double t) {
        return p.field(m, e, new double[] {x, y}, 1, t)[0];
    }

    /** A short 1-D training from the PDE alone cuts the error against the leapfrog reference by a fixed factor. */
    @Test
    void shortTrainingApproachesTheReference() {
        WaveProblem p = new WaveProblem(1, 1, 0.5, WaveProblem.gaussian(0, 0, 0.2, 1), (x, y) -> 0);
        Grid line = new Grid(-1, 1, -1, 1, 201, 3);
        double[] xs = new double[201];
        for (int j = 0; j < 201; j++) xs[j] = line.x(j);
        double[] ref = p.reference(line, new double[] {0.5})[0];
        SirenModel m = SirenModel.create(new SirenSpec(2, 64, 2, 1, 5, 30), 2);
        try (SirenEngine e = Engines.cpu()) {
            double before = Grid.relL2(p.field(m, e, xs, 201, 0.5), ref, null);
            new Trainer(e).train(m, p.objective(1024), Trainer.Config.builder().steps(400).schedule(Schedule.cosine(1e-3, 0.05)).seed(1).build(), q -> {});
            double after = Grid.relL2(p.field(m, e, xs, 201, 0.5), ref, null);
            assertThat(after).as("rel L2 before %.3f", before).isLessThan(before / 5).isLessThan(0.05);
        }
    }
}
