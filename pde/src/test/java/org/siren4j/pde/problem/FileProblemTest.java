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
        cases.put("{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(v)\", \"boundary\": [{\"dirichlet\": \"0\"}]}", "$.pde: 'lap(v)': lap() takes u");
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
        for (String f : List.of("disk-mixed.json", "l-shape.json", "plate-with-hole.yaml")) {
            FileProblem p = FileProblem.read(Path.of("..", "examples", "problems", f), 0);
            assertThat(p.objective().groups()).as(f).hasSizeGreaterThanOrEqualTo(2);
        }
    }
}
