package org.siren4j.pde.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.Grid;

class FileProblemTest {
    static final String DISK = """
            {"domain": {"disk": {"center": [0, 0], "radius": 1}},
             "pde": "-lap(u) - 3*sin(2*x)*exp(y)",
             "boundary": [{"where": "y >= 0", "dirichlet": "sin(2*x)*exp(y)"},
                          {"where": "y < 0", "neumann": "(2*x*cos(2*x) + y*sin(2*x))*exp(y)"}],
             "exact": "sin(2*x)*exp(y)", "points": {"interior": 2000, "boundary": 400, "batch": 1000}}""";

    /** The residuals a file describes vanish on its exact solution: each term checked at its points, by finite differences. */
    @Test
    void theExactSolutionSatisfiesEveryResidualTheFileBuilds() throws Exception {
        FileProblem p = FileProblem.parse(DISK, 0);
        Objective obj = p.objective();
        assertThat(obj.groups()).extracting(PointGroup::name).containsExactly("pde", "dirichlet[0]", "neumann[1]");
        double h = 1e-4;
        for (PointGroup g : obj.groups()) {
            double[] xy = g.points();
            for (Residual r : g.residualList()) {
                double worst = 0;
                for (int i = 0; i < g.count(); i++) {
                    double x = xy[2 * i], y = xy[2 * i + 1], sum = 0;
                    for (Residual.Term t : r.terms()) sum += t.coefficient(i, xy, 2) * channel(t.channel(), x, y, h);
                    worst = Math.max(worst, Math.abs(sum - r.targetAt(i, xy, 2)));
                }
                assertThat(worst).as(g.name() + " residual on the exact solution").isLessThan(1e-5);
            }
        }
        // the Neumann group's points are on the lower half circle, its Dirichlet group's on the upper half
        for (PointGroup g : obj.groups().subList(1, 3))
            for (int i = 0; i < g.count(); i++) {
                double x = g.points()[2 * i], y = g.points()[2 * i + 1];
                assertThat(Math.hypot(x, y)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(g.name().startsWith("dirichlet") ? y >= 0 : y < 0).isTrue();
            }
    }

    private static double u(double x, double y) { return Math.sin(2 * x) * Math.exp(y); }

    private static double channel(ChannelRef c, double x, double y, double h) {
        return switch (c.kind()) {
            case VALUE -> u(x, y);
            case GRADIENT -> c.coordinate() == 0 ? (u(x + h, y) - u(x - h, y)) / (2 * h) : (u(x, y + h) - u(x, y - h)) / (2 * h);
            case SECOND -> {
                double[] w = c.weights();
                yield w[0] * (u(x + h, y) - 2 * u(x, y) + u(x - h, y)) / (h * h) + w[1] * (u(x, y + h) - 2 * u(x, y) + u(x, y - h)) / (h * h);
            }
        };
    }

    /** Trained a little (the CLI runs the real budgets), a disk problem with mixed conditions comes close to its exact solution. */
    @Test
    void aShortTrainingOnTheDiskComesCloseToTheExactSolution() throws Exception {
        FileProblem p = FileProblem.parse(DISK, 0);
        Grid g = p.grid(41);
        boolean[] in = p.domain().mask(g);
        double[] truth = g.sample(p::exact);
        try (SirenEngine e = Engines.cpu()) {
            SirenModel m = SirenModel.create(new SirenSpec(2, 32, 2, 1, 3, 30), 0);
            double before = Grid.relL2(p.field(m, e, g), truth, in);
            new Trainer(e).train(m, p.objective(), Trainer.Config.builder().steps(300).schedule(Schedule.cosine(1e-3, 0.01))
                    .finish(Trainer.Finish.lbfgsIterations(100)).build(), q -> { });
            double after = Grid.relL2(p.field(m, e, g), truth, in);
            System.out.printf("disk, mixed conditions: rel L2 %.3e untrained, %.3e after 300 Adam steps + 100 L-BFGS iterations%n", before, after);
            assertThat(after).isLessThan(0.01).isLessThan(before / 50);
            double[] u = p.field(m, e, g);
            for (int i = 0; i < u.length; i++) assertThat(Double.isNaN(u[i])).isEqualTo(!in[i]);
        }
    }

    @Test
    void yamlReadsLikeJson() throws Exception {
        Path f = java.nio.file.Files.createTempFile("problem", ".yaml");
        java.nio.file.Files.writeString(f, """
                domain: {box: [0, 2, 0, 1]}
                constants: {k: 2}
                pde: "lap(u) + k^2*u"
                boundary:
                  - robin: {alpha: 1, beta: 0.5, value: "x*y"}
                """);
        FileProblem p = FileProblem.read(f, 0);
        assertThat(p.pde().channels()).containsExactly("u", "lap_u");
        assertThat(p.pde().coefficient("u", 0.3, 0.4)).isEqualTo(4);
        FileProblem.Condition c = p.conditions().get(0);
        assertThat(c.form().channels()).containsExactly("u", "dn_u");
        assertThat(c.form().coefficient("dn_u", 1, 1)).isEqualTo(0.5);
        assertThat(c.form().target(1.5, 0.5)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
        java.nio.file.Files.delete(f);
    }

    @Test
    void badFilesAreRefusedWithThePathOfTheBadKey() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}], \"extra\": 1}", "$.extra: unknown key");
        cases.put("{\"domain\": {\"polygon\": [[0, 0], [3, 0], [0, 2], [2, 3]]}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.domain.polygon: the polygon's edges");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u) - q\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(u) - q'");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(v)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(v)': lap() takes an unknown (u)");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u) + u^2\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "not linear");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u) + dn(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(u) + dn(u)': dn(u) is not available here");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"where\": \"x > 2\", \"dirichlet\": \"0\"}]}", "$.boundary[0].where: 'x > 2' selects no part of the boundary");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\", \"neumann\": \"1\"}]}", "$.boundary[0]: exactly one of");
        cases.put("{\"domain\": {\"ring\": {}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.domain.ring: unknown shape");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0]}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.domain.disk.radius: missing");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"u_xy\"}]}", "$.boundary[0].dirichlet");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}], "
                + "\"points\": {\"refine\": [{\"near\": [5, 5], \"radius\": 0.1, \"count\": 10}]}}", "$.points.refine[0].near: the zone has no room");
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}], "
                + "\"solver\": {\"depth\": 3}}", "$.solver.depth: unknown key");
        for (Map.Entry<String, String> c : cases.entrySet())
            assertThatThrownBy(() -> FileProblem.parse(c.getKey(), 0)).as(c.getKey()).isInstanceOf(FileProblem.ProblemException.class)
                    .hasMessageStartingWith(c.getValue().startsWith("$") ? c.getValue() : "$").hasMessageContaining(c.getValue().startsWith("$") ? "" : c.getValue());
    }

    /** The L-shape example refines its corner: 6000 extra points within 0.3 of it, inside the domain, graded towards it. */
    @Test
    void aRefineZoneAddsGradedPointsInsideTheDomain() throws Exception {
        FileProblem p = FileProblem.read(Path.of("..", "examples", "problems", "l-shape.json"), 0);
        PointGroup pde = p.objective().groups().get(0);
        assertThat(pde.count()).isEqualTo(26000);
        int inner = 0;
        for (int i = 20000; i < 26000; i++) {
            double x = pde.points()[2 * i], y = pde.points()[2 * i + 1], r = Math.hypot(x, y);
            assertThat(r).isLessThan(0.3);
            assertThat(p.domain().contains(x, y)).isTrue();
            if (r < 0.15) inner++;
        }
        assertThat(inner).as("half the radius holds about half the points (uniform in the radius), not a quarter").isBetween(2700, 3300);
        assertThat(p.solver()).containsEntry("w0", 8.0).containsEntry("steps", 4000.0).containsEntry("lbfgs_iterations", 6000.0);
    }

    @Test
    void theShippedExamplesParse() throws Exception {
        for (String f : List.of("disk-mixed.json", "l-shape.json", "plate-with-hole.yaml", "cube-3d.json", "helmholtz-robin-disk.json", "wave-1d.json", "heat-disk.yaml", "wave-inverse.json", "wave-anomaly.json")) {
            FileProblem p = FileProblem.read(Path.of("..", "examples", "problems", f), 0);
            assertThat(p.objective().groups()).as(f).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    // ------------------------------------------------------------------------------------------ 3-D, complex, several unknowns

    /** Every residual of a shipped file checked against its exact solution by central differences, at points where {@code keep} holds. */
    private static void exactSatisfiesResiduals(FileProblem p, java.util.function.Predicate<double[]> keep, double tolerance) {
        int d = p.dims();
        double h = 1e-4;
        int checked = 0;
        for (PointGroup g : p.objective().groups()) {
            for (Residual r : g.residualList()) {
                double worst = 0;
                for (int i = 0; i < g.count(); i++) {
                    double[] pt = java.util.Arrays.copyOfRange(g.points(), d * i, d * i + d);
                    if (!keep.test(pt)) continue;
                    double sum = 0;
                    for (Residual.Term t : r.terms()) sum += t.coefficient(i, g.points(), d) * fd(p, t.channel(), pt, h);
                    worst = Math.max(worst, Math.abs(sum - r.targetAt(i, g.points(), d)));
                    checked++;
                }
                assertThat(worst).as(r.name() + " on the exact solution").isLessThan(tolerance);
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /** A channel of the exact solution by central differences: the output's unknown, real or imaginary part. */
    private static double fd(FileProblem p, ChannelRef c, double[] pt, double h) {
        FileProblem.Unknown w = null;
        for (FileProblem.Unknown u : p.unknowns()) if (u.output() <= c.output()) w = u;
        String name = w.name();
        int part = c.output() - w.output();
        java.util.function.ToDoubleFunction<double[]> f = q -> p.exact(name, q)[part];
        return switch (c.kind()) {
            case VALUE -> f.applyAsDouble(pt);
            case GRADIENT -> (f.applyAsDouble(shift(pt, c.coordinate(), h)) - f.applyAsDouble(shift(pt, c.coordinate(), -h))) / (2 * h);
            case SECOND -> {
                double s = 0, mid = f.applyAsDouble(pt);
                double[] a = c.weights();
                for (int j = 0; j < a.length; j++)
                    if (a[j] != 0) s += a[j] * (f.applyAsDouble(shift(pt, j, h)) - 2 * mid + f.applyAsDouble(shift(pt, j, -h))) / (h * h);
                yield s;
            }
        };
    }

    private static double[] shift(double[] p, int j, double h) {
        double[] q = p.clone();
        q[j] += h;
        return q;
    }

    /** The cube: 3 inputs, the Laplacian over x, y, z, the top face's Neumann condition with its +z normal, Dirichlet elsewhere. */
    @Test
    void theCubesExactSolutionSatisfiesItsResidualsIn3D() throws Exception {
        FileProblem p = FileProblem.read(Path.of("..", "examples", "problems", "cube-3d.json"), 0);
        assertThat(p.dims()).isEqualTo(3);
        exactSatisfiesResiduals(p, q -> true, 2e-5);
        PointGroup top = p.objective().group("top");
        for (int i = 0; i < top.count(); i++) assertThat(top.points()[3 * i + 2]).isEqualTo(1.0);
        PointGroup other = p.objective().group("other faces");
        int[] faces = new int[5]; // x = 0, x = 1, y = 0, y = 1, z = 0: equal areas, so equal shares
        for (int i = 0; i < other.count(); i++) {
            double[] q = java.util.Arrays.copyOfRange(other.points(), 3 * i, 3 * i + 3);
            int f = q[0] == 0 ? 0 : q[0] == 1 ? 1 : q[1] == 0 ? 2 : q[1] == 1 ? 3 : q[2] == 0 ? 4 : -1;
            assertThat(f).as("a point on a face other than the top").isNotNegative();
            faces[f]++;
        }
        assertThat(DomainTest.chiSquare(faces, other.count() / 5.0)).as("4 degrees of freedom, 99.9%% point 18.5").isLessThan(18.5);
    }

    /** The Robin disk: a complex unknown, i in the impedance condition, J0 and Y0 in the exact solution; checked away from the source. */
    @Test
    void theImpedanceDisksSeriesSolutionSatisfiesItsComplexResiduals() throws Exception {
        FileProblem p = FileProblem.read(Path.of("..", "examples", "problems", "helmholtz-robin-disk.json"), 0);
        assertThat(p.outputs()).isEqualTo(2);
        assertThat(p.objective().group("impedance").residualList()).extracting(Residual::name).containsExactly("impedance.re", "impedance.im");
        // the Gaussian source is 1e-6 of its peak beyond 6 sigma: there the field is the source-free series
        exactSatisfiesResiduals(p, q -> Math.hypot(q[0], q[1]) > 0.3, 1e-4);
    }

    /** i folds to the imaginary unit wherever it enters as a polynomial; elsewhere the file is refused. */
    @Test
    void iIsTheImaginaryUnit() {
        LinearForm.Symbols s = new LinearForm.Symbols(List.of("x", "y"), Map.of("u", true), Map.of());
        double[] b = {-1, 1, -1, 1};
        LinearForm f = new LinearForm("(2 + 3*i)*(1 - i)*u - (1 + i)^2*x", s, List.of("u"), b);
        assertThat(f.complexCoefficient("u", 0.5, 0.5)).containsExactly(new double[] {5, 1}, org.assertj.core.data.Offset.offset(1e-12));
        double[] re = new double[2], im = new double[2];
        f.terms(new double[] {0.5, 0.25}, re, im);
        assertThat(re[1]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12)); // g = (1 + i)^2 x = 2 i x
        assertThat(im[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(LinearForm.scalar("i^3 + 2", s, false).complexAt(0, 0)).containsExactly(new double[] {2, -1}, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> new LinearForm("u - exp(i*x)", s, List.of("u"), b)).hasMessageContaining("i must enter as a polynomial");
    }

    /** Two unknowns, a system: -lap(u) = f, v = u_x; each has its own exact solution and output. */
    @Test
    void severalUnknownsGetAnOutputEachAndTheirOwnConditions() throws Exception {
        FileProblem p = FileProblem.parse("""
                {"domain": {"box": [0, 1, 0, 1]}, "unknowns": {"u": "real", "v": "real"},
                 "pde": ["-lap(u) - 2*pi^2*sin(pi*x)*sin(pi*y)", "v - u_x"],
                 "boundary": [{"dirichlet": {"u": "0", "v": "pi*cos(pi*x)*sin(pi*y)"}}],
                 "exact": {"u": "sin(pi*x)*sin(pi*y)", "v": "pi*cos(pi*x)*sin(pi*y)"},
                 "points": {"interior": 2000, "boundary": 800}}""", 0);
        assertThat(p.outputs()).isEqualTo(2);
        assertThat(p.objective().group("pde").residualList()).extracting(Residual::name).containsExactly("pde[0]", "pde[1]");
        exactSatisfiesResiduals(p, q -> true, 1e-5);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1]}, \"unknowns\": {\"u\": \"real\", \"v\": \"real\"}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}",
                "$.boundary[0].dirichlet: with several unknowns, say which");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1]}, \"unknowns\": {\"u\": \"complex\"}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": {\"w\": \"0\"}}]}",
                "$.boundary[0].dirichlet.w: not an unknown");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1]}, \"unknowns\": {\"u\": \"quaternion\"}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}",
                "$.unknowns.u: \"real\" or \"complex\"");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1]}, \"pde\": \"lap(u) + i*u\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(u) + i*u': unknown name 'i'");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1]}, \"pde\": \"lap(u) + u_zz\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(u) + u_zz': unknown name 'u_zz'");
        bad.put("{\"domain\": {\"union\": [{\"box\": [0, 1, 0, 1]}, {\"ball\": {\"center\": [0, 0, 0], \"radius\": 1}}]}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}",
                "$.domain.union: a 2-D shape and a 3-D shape cannot be combined");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1, 0]}, \"pde\": \"lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.domain.box: [x0, x1, y0, y1] or");
        for (Map.Entry<String, String> c : bad.entrySet())
            assertThatThrownBy(() -> FileProblem.parse(c.getKey(), 0)).as(c.getKey()).isInstanceOf(FileProblem.ProblemException.class).hasMessageStartingWith(c.getValue());
    }

    /**
     * Time problems: t is the last input; boundary points sit on the spatial edge at times spread over the span,
     * initial points inside at t0; u_tt, u_t and the spatial Laplacian checked on the exact solutions by differences.
     */
    @Test
    void timeProblemsPutBoundaryPointsAtAllTimesAndInitialPointsAtTheStart() throws Exception {
        FileProblem wave = FileProblem.read(Path.of("..", "examples", "problems", "wave-1d.json"), 0);
        assertThat(wave.dims()).isEqualTo(2);
        exactSatisfiesResiduals(wave, q -> true, 2e-5);
        PointGroup ends = wave.objective().group("ends"), shape = wave.objective().group("shape");
        int[] halves = new int[2];
        for (int i = 0; i < ends.count(); i++) {
            assertThat(ends.points()[2 * i]).isIn(0.0, 1.0);
            halves[ends.points()[2 * i + 1] < 0.5 ? 0 : 1]++;
        }
        assertThat(DomainTest.chiSquare(halves, ends.count() / 2.0)).isLessThan(10.8);
        for (int i = 0; i < shape.count(); i++) {
            assertThat(shape.points()[2 * i + 1]).isZero();
            assertThat(shape.points()[2 * i]).isStrictlyBetween(0.0, 1.0);
        }
        FileProblem heat = FileProblem.read(Path.of("..", "examples", "problems", "heat-disk.yaml"), 0);
        assertThat(heat.dims()).isEqualTo(3);
        exactSatisfiesResiduals(heat, q -> true, 2e-5);
        assertThat(heat.lattice(33).n()).containsExactly(33, 33, FileProblem.FRAMES);
        assertThat(wave.lattice(33).n()).containsExactly(33, 33);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"domain\": {\"interval\": [0, 1]}, \"pde\": \"u_xx\", \"boundary\": [{\"dirichlet\": \"0\"}], \"initial\": [{\"value\": \"0\"}]}",
                "$.initial: initial conditions need a \"time\"");
        bad.put("{\"domain\": {\"interval\": [0, 1]}, \"time\": [1, 0], \"pde\": \"u_t - u_xx\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.time: [t0, t1] with t0 < t1");
        bad.put("{\"domain\": {\"interval\": [0, 1]}, \"time\": [0, 1], \"pde\": \"u_t - u_xx\", \"boundary\": [{\"dirichlet\": \"0\"}], \"initial\": [{\"rate\": \"dn(u)\"}]}",
                "$.initial[0].rate: 'dn(u)': dn(u) is not available here");
        bad.put("{\"domain\": {\"interval\": [0, 1]}, \"time\": [0, 1], \"pde\": \"u_t - u_xx\", \"boundary\": [{\"where\": \"t < 0.5\", \"dirichlet\": \"0\"}]}",
                "$.boundary[0].where: 't < 0.5': unknown name 't'");
        bad.put("{\"domain\": {\"box\": [0, 1, 0, 1, 0, 1]}, \"time\": [0, 1], \"pde\": \"u_t - lap(u)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.time: time with a 3-D domain");
        for (Map.Entry<String, String> c : bad.entrySet())
            assertThatThrownBy(() -> FileProblem.parse(c.getKey(), 0)).as(c.getKey()).isInstanceOf(FileProblem.ProblemException.class).hasMessageStartingWith(c.getValue());
    }

    // ------------------------------------------------------------------------------------------ data and unknown coefficients

    private static final String STRING_WITH_C = """
            {"domain": {"interval": [0, 1]}, "time": [0, 1], "parameters": {"c": 1.0},
             "pde": "u_tt - c^2*u_xx", "boundary": [{"dirichlet": "0"}],
             "initial": [{"value": "sin(pi*x)"}, {"rate": "0"}],
             "data": [{"file": "%s"}], "points": {"interior": 4000, "boundary": 400}}""";

    /** Measurements come in as a data group: one value residual per measured column, read from CSV (header) or NPY (columns given). */
    @Test
    void measurementsAreReadFromCsvOrNpyAndCheckedLineByLine() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("data");
        Path csv = dir.resolve("m.csv");
        java.nio.file.Files.writeString(csv, "# a comment\nt, x, u\n0.5, 0.25, 0.1\n0.75, 0.5, -0.2\n");
        FileProblem p = FileProblem.parse(String.format(STRING_WITH_C, csv.toString().replace("\\", "/")), 0);
        PointGroup g = p.objective().group("data[0]");
        assertThat(g.count()).isEqualTo(2);
        assertThat(g.points()).containsExactly(0.25, 0.5, 0.5, 0.75); // (x, t) in input order, whatever the columns' order
        Residual r = g.residualList().get(0);
        assertThat(r.name()).isEqualTo("data[0].u");
        assertThat(r.target()).containsExactly(0.1, -0.2);
        assertThat(p.parameters()).containsEntry("c", 1.0);
        Path npy = dir.resolve("m.npy");
        org.siren4j.pde.Npy.write(npy, new double[] {0.25, 0.5, 0.1, 0.5, 0.75, -0.2}, 2, 3);
        FileProblem q = FileProblem.parse(String.format(STRING_WITH_C.replace("\"file\": \"%s\"", "\"file\": \"%s\", \"columns\": [\"x\", \"t\", \"u\"]"),
                npy.toString().replace("\\", "/")), 0);
        assertThat(q.objective().group("data[0]").points()).containsExactly(0.25, 0.5, 0.5, 0.75);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("x, t, u\n0.5, 0.5\n", "$.data[0].file: m.csv line 2: 2 values, the header has 3");
        bad.put("x, t, u\n0.5, 0.5, abc\n", "$.data[0].file: m.csv line 2: 'abc' is not a number");
        bad.put("x, u\n0.5, 0.5\n", "$.data[0].file: no column t");
        bad.put("x, t, v\n0.5, 0.5, 1\n", "$.data[0].file: column 'v' is neither a coordinate nor a measured unknown");
        bad.put("x, t, u\n1.5, 0.5, 1\n", "$.data[0].file: measurement 1: x = 1.5 is outside the domain's [0.0, 1.0]");
        bad.put("x, t, u\n", "$.data[0].file: no measurements in ");
        for (Map.Entry<String, String> c : bad.entrySet()) {
            java.nio.file.Files.writeString(csv, c.getKey());
            assertThatThrownBy(() -> FileProblem.parse(String.format(STRING_WITH_C, csv.toString().replace("\\", "/")), 0)).as(c.getKey())
                    .isInstanceOf(FileProblem.ProblemException.class).hasMessageStartingWith("$.data[0].file: ")
                    .hasMessageContaining(c.getValue().substring("$.data[0].file: ".length()));
        }
        assertThatThrownBy(() -> FileProblem.parse(String.format(STRING_WITH_C, dir.resolve("none.csv").toString().replace("\\", "/")), 0))
                .hasMessageStartingWith("$.data[0].file: no such file");
        assertThatThrownBy(() -> FileProblem.parse(STRING_WITH_C.replace("\"c\": 1.0", "\"pi\": 1.0").formatted(csv), 0)).hasMessageStartingWith("$.parameters.pi:");
    }

    /**
     * An unknown coefficient fitted with the network held: a network that has learned the string's field at c = 1.3
     * from measurements alone gives c back from the PDE's residual, from a first guess of 1.
     */
    @Test
    void anUnknownCoefficientIsFittedToTheResidualOfAFieldThatKnowsIt() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("coef");
        Path csv = dir.resolve("field.csv");
        StringBuilder rows = new StringBuilder("x,t,u\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int k = 0; k < 3000; k++) {
            double x = rnd.nextDouble(), t = rnd.nextDouble();
            rows.append(x).append(',').append(t).append(',').append(Math.sin(Math.PI * x) * Math.cos(1.3 * Math.PI * t)).append('\n');
        }
        java.nio.file.Files.writeString(csv, rows);
        FileProblem p = FileProblem.parse(String.format(STRING_WITH_C, csv.toString().replace("\\", "/")), 0);
        Objective all = p.objective();
        PointGroup data = all.group("data[0]");
        try (SirenEngine e = Engines.cpu()) {
            SirenModel m = SirenModel.create(new SirenSpec(2, 32, 2, 1, 3, 30), 0);
            new Trainer(e).train(m, Objective.of(2, data), Trainer.Config.builder().steps(1500).schedule(Schedule.cosine(1e-3, 0.01))
                    .finish(Trainer.Finish.lbfgsIterations(1000)).build(), q -> { });
            double before = pdeLoss(all, m, e);
            p.fitParameters(m, e);
            p.fitParameters(m, e);
            double c = p.parameters().get("c");
            System.out.printf("c fitted to a field learned from data: %.5f (truth 1.3), PDE loss %.3e -> %.3e%n", c, before, pdeLoss(all, m, e));
            assertThat(c).isCloseTo(1.3, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(pdeLoss(all, m, e)).as("the objective's coefficients follow c").isLessThan(before / 10);
        }
    }

    private static double pdeLoss(Objective o, SirenModel m, SirenEngine e) {
        PointGroup g = o.group("pde");
        return g.evaluate(e.evaluate(m, g.request(), g.points(), g.count()), null, 0, g.count(), null);
    }
}
