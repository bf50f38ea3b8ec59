package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Precision;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.pde.fd.HelmholtzFd;
import org.siren4j.pde.special.GaussianSourceField;

class HelmholtzProblemTest {
    /** Far from the source the field is (i/4) H0^(2)(kr) exp(-k^2 s^2/2); J0(7.5), Y0(7.5) from A&S table 9.1. */
    @Test
    void farFieldIsTheDampedHankelFunction() {
        double k = 15, s = 0.02;
        double[] u = new GaussianSourceField(k, s).at(0.5);
        double damp = Math.exp(-0.5 * k * k * s * s);
        assertThat(u[0]).isCloseTo(0.25 * damp * 0.11731328614821, within(1e-11));
        assertThat(u[1]).isCloseTo(0.25 * damp * 0.26633965788037, within(1e-11));
    }

    /** Inside the source the convolution satisfies the radial equation u'' + u'/r + k^2 u = f (finite differences). */
    @Test
    void nearFieldSatisfiesTheRadialEquation() {
        double k = 15, s = 0.02;
        GaussianSourceField f = new GaussianSourceField(k, s);
        double h = 2e-4;
        for (double r : new double[] {0.01, 0.02, 0.04, 0.1, 0.2}) {
            double[] um = f.at(r - h), u0 = f.at(r), up = f.at(r + h);
            for (int c = 0; c < 2; c++) {
                double lap = (up[c] - 2 * u0[c] + um[c]) / (h * h) + (up[c] - um[c]) / (2 * h * r);
                double expected = c == 0 ? f.source(r) : 0;
                assertThat(lap + k * k * u0[c]).as("r %.2f part %d", r, c).isCloseTo(expected, within(2e-3 * f.source(0)));
            }
        }
        // no jump where the table hands over to the closed form
        double[] in = f.at(12 * s - 1e-9), out = f.at(12 * s + 1e-9);
        assertThat(in[0]).isCloseTo(out[0], within(1e-7));
        assertThat(in[1]).isCloseTo(out[1], within(1e-7));
    }

    /** The FD solve with the PML converges at second order to the analytic field outside the layer. */
    @Test
    void fdReferenceConvergesAtSecondOrderToTheAnalyticField() {
        HelmholtzProblem p = new HelmholtzProblem(10, 0.1, -0.05, 0.03, 0.4, 5, null);
        double[] err = new double[2];
        int[] sides = {65, 129};
        for (int q = 0; q < 2; q++) {
            Grid g = Grid.square(sides[q]);
            HelmholtzFd.Solution s = p.reference(g);
            assertThat(s.relativeResidual()).isLessThan(1e-10);
            err[q] = HelmholtzProblem.relL2(new double[][] {s.re(), s.im()}, p.exact(g), p.insideMask(g));
        }
        assertThat(err[1]).isLessThan(0.02);
        assertThat(err[0] / err[1]).as("errors %s", java.util.Arrays.toString(err)).isBetween(3.2, 5.0);
    }

    /**
     * The residual the network trains on equals the divergence form [d/dx(A du/dx) + d/dy(B du/dy) + C k^2/c^2 u] / C - f
     * taken by central differences of a float64 network's values, inside and in the PML, with a varying speed.
     */
    @Test
    void pmlResidualAgreesWithFiniteDifferencesOfTheField() {
        HelmholtzProblem p = new HelmholtzProblem(12, 0, 0, 0.1, 0.4, 5, (x, y) -> 1 + 0.3 * x * y);
        SirenModel m = SirenModel.create(new SirenSpec(2, 32, 2, 2, 5, 30), Precision.FLOAT64, 3);
        double[][] pts = {{0.1, 0.2}, {0.75, -0.3}, {-0.9, 0.85}, {0.3, -0.95}};
        try (SirenEngine e = Engines.cpu()) {
            for (double[] pt : pts) {
                List<Residual> rs = p.residuals();
                Objective o = Objective.of(2, PointGroup.fixed("one", 2, pt.clone()).residuals(rs));
                o.evaluate(e.forward(m, o.request(), pt.clone(), 1), null, null);
                double[] losses = o.lastTermLosses(); // r_re^2, r_im^2
                double[] fd = divergenceForm(p, m, e, pt[0], pt[1]);
                assertThat(Math.sqrt(losses[0])).as("Re at %s", java.util.Arrays.toString(pt)).isCloseTo(Math.abs(fd[0]), within(1e-4 * (1 + Math.abs(fd[0]))));
                assertThat(Math.sqrt(losses[1])).as("Im at %s", java.util.Arrays.toString(pt)).isCloseTo(Math.abs(fd[1]), within(1e-4 * (1 + Math.abs(fd[1]))));
            }
        }
    }

    private static double[] divergenceForm(HelmholtzProblem p, SirenModel m, SirenEngine e, double x, double y) {
        double h = 1e-4;
        double[][] u = new double[9][];
        int q = 0;
        for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) u[q++] = value(m, e, x + dx * h, y + dy * h);
        double[] c = u[4], w = u[3], east = u[5], s = u[1], n = u[7];
        double[] aE = div(p.stretch(y), p.stretch(x + h / 2)), aW = div(p.stretch(y), p.stretch(x - h / 2));
        double[] bN = div(p.stretch(x), p.stretch(y + h / 2)), bS = div(p.stretch(x), p.stretch(y - h / 2));
        double[] cc = mul(p.stretch(x), p.stretch(y));
        double kk = 144 / Math.pow(1 + 0.3 * x * y, 2);
        double[] r = new double[2];
        for (int part = 0; part < 2; part++) r[part] = 0;
        double[] t1 = sub(mul(aE, sub(east, c)), mul(aW, sub(c, w))), t2 = sub(mul(bN, sub(n, c)), mul(bS, sub(c, s)));
        double[] t3 = mul(cc, c);
        double[] total = div(new double[] {(t1[0] + t2[0]) / (h * h) + kk * t3[0], (t1[1] + t2[1]) / (h * h) + kk * t3[1]}, cc);
        r[0] = total[0] - HelmholtzProblem.OUTPUT_SCALE * p.source(x, y);
        r[1] = total[1];
        return r;
    }

    private static double[] value(SirenModel m, SirenEngine e, double x, double y) {
        double[][] all = m.evaluateAll(e, new double[] {x, y}, 1);
        return new double[] {all[0][0], all[1][0]};
    }

    private static double[] mul(double[] a, double[] b) { return new double[] {a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]}; }

    private static double[] sub(double[] a, double[] b) { return new double[] {a[0] - b[0], a[1] - b[1]}; }

    private static double[] div(double[] a, double[] b) {
        double d = b[0] * b[0] + b[1] * b[1];
        return new double[] {(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d};
    }

    @Test
    void badSetupsAreRefused() {
        assertThatThrownBy(() -> new HelmholtzProblem(0, 0, 0, 0.02, 0.4, 5, null)).hasMessageContaining("k must be > 0");
        assertThatThrownBy(() -> new HelmholtzProblem(15, 1.5, 0, 0.02, 0.4, 5, null)).hasMessageContaining("outside the domain");
        assertThatThrownBy(() -> new HelmholtzProblem(15, 0, 0, 0.02, 1.2, 5, null)).hasMessageContaining("half the domain");
        assertThatThrownBy(() -> new HelmholtzProblem(15, 0.8, 0, 0.02, 0.4, 5, null)).hasMessageContaining("inside the PML");
    }
}
