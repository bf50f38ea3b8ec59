package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleBinaryOperator;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.Expressions;
import org.siren4j.pde.FieldImages;
import org.siren4j.pde.Grid;
import org.siren4j.pde.HelmholtzProblem;
import org.siren4j.pde.Npy;
import org.siren4j.pde.fd.HelmholtzFd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "helmholtz", header = "Solve the Helmholtz equation for a point source with a PML, against exact and FD fields.",
        mixinStandardHelpOptions = true, defaultValueProvider = HelmholtzCommand.Defaults.class,
        description = {"Lap u + k^2 / c^2 u = f on [-1, 1]^2: a Gaussian source of unit strength, a PML along the edge (coordinates",
                "stretched by 1 - i a0 (depth / width)^2), the complex field as two outputs. Error outside the PML against",
                "the analytic free-space field ((i/4) H0^(2)(k r) convolved with the source; homogeneous medium only) and",
                "against a finite-difference solve with the same PML. Writes DIR/u_re.npy, u_im.npy, u_fd_re.npy,",
                "u_fd_im.npy (and u_exact_*.npy), PNGs, model.siren, report.json. Each step draws --batch points over the domain",
                "and a quarter as many near the source. --preset paper: the paper's network (2->256x3->2) and learning rate",
                "(2e-5), 50000 steps."})
final class HelmholtzCommand implements Callable<Integer> {
    static final int DEFAULT_STEPS = 5000;

    @Option(names = "--k", defaultValue = "15", description = "wave number (default: ${DEFAULT-VALUE})")
    double k;

    @Option(names = "--source", defaultValue = "0,0", split = ",", paramLabel = "X,Y", description = "source position (default: ${DEFAULT-VALUE})")
    double[] source;

    @Option(names = "--sigma", defaultValue = "0.05", description = {"source standard deviation (default: ${DEFAULT-VALUE}, a quarter wavelength at k = 15). Narrower sources train", "far slower: the far field they radiate is weak beside the source (figures in the README)"})
    double sigma;

    @Option(names = "--pml-width", defaultValue = "0.4", paramLabel = "W", description = "PML width (default: ${DEFAULT-VALUE})")
    double pmlWidth;

    @Option(names = "--pml-a0", defaultValue = "5", paramLabel = "A", description = "PML strength (default: ${DEFAULT-VALUE})")
    double a0;

    @Option(names = "--velocity", paramLabel = "EXPR", description = "wave speed c(x, y) (default: 1; then only the FD reference applies)")
    String velocity;

    @Mixin
    OutputGrid outputGrid;

    @Mixin
    PaperPreset preset;

    @Mixin
    SolveOptions run;

    /** Defaults of the shared options; DEFAULT_STEPS took about 540 s on the 2-core development machine. */
    static final class Defaults extends OptionDefaults {
        public Defaults() { super("--width", "128", "--w0", "10", "--lr", "5e-4", "--batch", "4096", "--steps", Integer.toString(DEFAULT_STEPS)); }
    }

    @Override
    public Integer call() throws Exception {
        if (source.length != 2) throw new SirenCli.UserError("--source needs two numbers X,Y");
        int grid = outputGrid.size(16, 1024);
        run.checkNetwork(false);
        if (!(pmlWidth >= 0) || pmlWidth >= 1) throw new SirenCli.UserError("--pml-width must lie in [0, 1): wider than half the domain leaves nothing, got " + pmlWidth);
        DoubleBinaryOperator c = velocity == null ? null : Expressions.xy(velocity);
        HelmholtzProblem problem = new HelmholtzProblem(k, source[0], source[1], sigma, pmlWidth, a0, c);
        if (c != null) checkVelocity(c);
        int steps = preset.apply(run, 256, 2e-5, 50000, DEFAULT_STEPS);
        double seconds = run.seconds();
        run.checkOut();
        Files.createDirectories(run.out);

        Grid gr = Grid.square(grid);
        boolean[] inside = problem.insideMask(gr);
        HelmholtzFd.Solution fd = problem.reference(gr);
        double[][] ref = {fd.re(), fd.im()}, exact = problem.homogeneous() ? problem.exact(gr) : null;
        double[][] truth = exact != null ? exact : ref;
        SirenSpec spec = new SirenSpec(2, run.width, 3, 2, run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "helmholtz k " + k + ", source " + source[0] + "," + source[1] + " sigma " + sigma
                + ", PML " + pmlWidth + " a0 " + a0 + (velocity == null ? "" : ", c = " + velocity) + "; outputs are " + HelmholtzProblem.OUTPUT_SCALE + " x (Re u, Im u)");
        try (SirenEngine engine = Engines.cpu();
             Progress progress = run.progress("helmholtz", steps, exact != null ? "rel L2" : "rel L2 (FD)")) {
            Trainer.Metric err = Solves.metric("rel_l2", true, m -> HelmholtzProblem.relL2(problem.field(m, engine, gr), truth, inside));
            Trainer.Config cfg = Trainer.Config.builder().seconds(seconds).steps(steps).schedule(Schedule.cosine(run.lr, 0.02)).seed(run.seed)
                    .metric(err, 250, Double.NaN).keep(Trainer.Keep.BEST_METRIC).checkpoint(run.checkpoint(), 500).resume(run.resume).build();
            Trainer.Result r = new Trainer(engine).train(model, problem.objective(run.batch, Math.max(4, run.batch / 4)), cfg, Solves.shownOn(progress, true));
            progress.close();

            double[][] u = problem.field(model, engine, gr);
            double relFd = HelmholtzProblem.relL2(u, ref, inside);
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve helmholtz");
            rep.put("problem", Map.of("k", k, "source", List.of(source[0], source[1]), "sigma", sigma, "pml_width", pmlWidth, "pml_a0", a0,
                    "velocity", velocity == null ? "1" : velocity, "equation", "Lap u + k^2/c^2 u = f, f of unit strength, outgoing (i/4) H0^(2)"));
            if (exact != null) {
                rep.put("rel_l2", HelmholtzProblem.relL2(u, exact, inside));
                rep.put("fd_rel_l2_vs_exact", HelmholtzProblem.relL2(ref, exact, inside));
            }
            rep.put("rel_l2_fd", relFd);
            rep.put("measured_on", "grid points outside the PML");
            rep.put("fd_reference", "five-point flux form, same PML, u = 0 on the outer edge, banded LU; relative residual " + fd.relativeResidual());
            rep.put("batch", Map.of("domain", run.batch, "near_source", Math.max(4, run.batch / 4)));
            run.putTraining(rep, spec, run.budget(steps), r);
            rep.put("grid", List.of(grid, grid));
            Npy.write(run.out.resolve("u_re.npy"), u[0], grid, grid);
            Npy.write(run.out.resolve("u_im.npy"), u[1], grid, grid);
            Npy.write(run.out.resolve("u_fd_re.npy"), ref[0], grid, grid);
            Npy.write(run.out.resolve("u_fd_im.npy"), ref[1], grid, grid);
            FieldImages.write(run.out.resolve("u_re.png"), u[0], grid, grid);
            FieldImages.write(run.out.resolve("u_fd_re.png"), ref[0], grid, grid);
            double[] diff = new double[u[0].length];
            for (int p = 0; p < diff.length; p++) diff[p] = inside[p] ? Math.hypot(u[0][p] - truth[0][p], u[1][p] - truth[1][p]) : 0;
            FieldImages.write(run.out.resolve("error.png"), diff, grid, grid);
            if (exact != null) {
                Npy.write(run.out.resolve("u_exact_re.npy"), exact[0], grid, grid);
                Npy.write(run.out.resolve("u_exact_im.npy"), exact[1], grid, grid);
                FieldImages.write(run.out.resolve("u_exact_re.png"), exact[0], grid, grid);
            }
            Map<String, double[]> vti = new LinkedHashMap<>();
            vti.put("u_re", u[0]);
            vti.put("u_im", u[1]);
            vti.put("u_fd_re", ref[0]);
            vti.put("u_fd_im", ref[1]);
            if (exact != null) {
                vti.put("exact_re", exact[0]);
                vti.put("exact_im", exact[1]);
            }
            vti.put("error_abs", diff);
            org.siren4j.pde.Vti.write(run.out.resolve("u.vti"), gr, vti);
            ModelFile.save(model, run.out.resolve("model.siren"));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("helmholtz: %d steps in %.1f s: rel L2 outside the PML %s%.3e against the FD reference%n", r.steps(), r.seconds(),
                    exact != null ? String.format("%.3e against the analytic field, ", rep.get("rel_l2")) : "", relFd);
            System.out.println("wrote " + run.out.resolve("u_re.npy") + ", u_im.npy, u_fd_*.npy, PNGs, u.vti (ParaView), model.siren, report.json");
        }
        return 0;
    }

    private static void checkVelocity(DoubleBinaryOperator c) {
        for (int i = 0; i <= 20; i++)
            for (int j = 0; j <= 20; j++) {
                double x = -1 + 0.1 * j, y = -1 + 0.1 * i, v = c.applyAsDouble(x, y);
                if (!(v > 0) || !Double.isFinite(v))
                    throw new SirenCli.UserError("--velocity must be positive and finite; it is " + v + " at (" + x + ", " + y + ")");
            }
    }
}
