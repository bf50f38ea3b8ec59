package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleBinaryOperator;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.Expressions;
import org.siren4j.pde.FieldImages;
import org.siren4j.pde.Grid;
import org.siren4j.pde.Npy;
import org.siren4j.pde.PoissonProblem;
import org.siren4j.pde.fd.PoissonFd;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** PDE solves: a SIREN trained from its own derivatives, checked against exact and finite-difference truths. */
@Command(name = "solve", header = "Train a SIREN to satisfy a PDE: a problem file, or poisson, poisson-image, wave, helmholtz, string.",
        mixinStandardHelpOptions = true, defaultValueProvider = SolveCommand.FileDefaults.class,
        subcommands = {SolveCommand.Poisson.class, PoissonImageCommand.class, WaveCommand.class, HelmholtzCommand.class, StringCommand.class},
        description = {"Train a SIREN to satisfy a PDE and compare it with an exact solution and a finite-difference reference.",
                "siren solve FILE -o DIR: a problem file (JSON or YAML, docs/problem-files.md): a 1-D, 2-D or 3-D domain (interval;",
                "box, disk, polygon; box, ball; unions and differences), time with initial conditions, real or complex unknowns,",
                "the PDEs and boundary conditions (Dirichlet, Neumann, Robin, or any linear one) as expressions in the unknowns'",
                "channels and the coordinates, measurements (CSV, NPY), unknown coefficients fitted with the field, and the exact",
                "solution when known; trained like solve poisson. Writes DIR/u.npy (NaN outside the domain), u.vti (ParaView;",
                "u.pvd for a 2-D time problem), u.png, error.png, model.siren, report.json."})
public final class SolveCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a problem file (.json, .yaml, .yml)")
    Path file;

    @Option(names = "--lbfgs-iterations", paramLabel = "N", description = "L-BFGS iterations after the Adam steps (default: ${DEFAULT-VALUE})")
    int lbfgsIterations;

    @Mixin
    OutputGrid outputGrid;

    @Mixin
    SolveOptions run;

    /** A problem file's defaults: on the disk example, 2000 + 1500 took 152 s on 2 cores and gave rel L2 3.6e-5. */
    static final class FileDefaults extends OptionDefaults {
        public FileDefaults() {
            super("--width", "64", "--w0", "3", "--lr", "1e-3", "--batch", "4096", "--steps", "2000", "--lbfgs-iterations", "1500");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (file == null) {
            CommandLine.usage(this, System.out);
            return 0;
        }
        return FileSolve.run(file, run, lbfgsIterations, run.given("--lbfgs-iterations"), run.given("--grid") ? outputGrid.size(3, 4096) : 0);
    }

    @Command(name = "poisson", header = "Solve -Lap u = f with u = g on the edge, against an exact and an FD solution.", mixinStandardHelpOptions = true,
            defaultValueProvider = Poisson.Defaults.class,
            description = {"-Lap u = f on a rectangle with u = g on its edge. Expressions in x and y (exp4j: sin, cos, exp, log,",
                    "sqrt, abs, ^, pi, e). The net (2->W x2->1, first-layer w0 3: smooth fields want a low w0) trains with",
                    "Adam on a cosine for --steps, then L-BFGS (under --seconds: 60%% and 40%% of the time).",
                    "Writes DIR/u.npy (u[i, j] = u(x_j, y_i), both ends included), u_fd.npy, PNGs, model.siren, report.json."})
    static final class Poisson implements Callable<Integer> {
        @Option(names = "--source", required = true, paramLabel = "EXPR", description = "f(x, y) in -Lap u = f")
        String source;

        @Option(names = "--bc", paramLabel = "EXPR", defaultValue = "0", description = "u on the edge (default: ${DEFAULT-VALUE})")
        String bc;

        @Option(names = "--exact", paramLabel = "EXPR", description = "the exact solution, when known: adds rel_l2")
        String exact;

        @Option(names = "--domain", paramLabel = "X0,X1,Y0,Y1", defaultValue = "-1,1,-1,1", split = ",", description = "the rectangle (default: ${DEFAULT-VALUE})")
        double[] domain;

        @Mixin
        OutputGrid outputGrid;

        @Option(names = "--lbfgs-iterations", paramLabel = "N", description = "L-BFGS iterations after the Adam steps (default: ${DEFAULT-VALUE})")
        int lbfgsIterations;

        @Mixin
        SolveOptions run;

        /** Defaults of the shared options: together about 240 s on the 2-core development machine. */
        static final class Defaults extends OptionDefaults {
            public Defaults() {
                super("--width", "64", "--w0", "3", "--lr", "1e-3", "--batch", "4096", "--steps", Integer.toString(ADAM_STEPS),
                        "--lbfgs-iterations", Integer.toString(LBFGS_ITERATIONS));
            }
        }

        static final int ADAM_STEPS = 5600, LBFGS_ITERATIONS = 4500;

        @Override
        public Integer call() throws Exception {
            if (domain.length != 4) throw new SirenCli.UserError("--domain needs four numbers x0,x1,y0,y1");
            int grid = outputGrid.size(3, 4096);
            run.checkNetwork(false);
            if (lbfgsIterations < 0) throw new SirenCli.UserError("--lbfgs-iterations must be >= 0, got " + lbfgsIterations);
            run.seconds(); // refuses a bad --seconds before any work
            int steps = run.steps();
            run.checkOut();
            Path out = run.out;
            long seed = run.seed;
            DoubleBinaryOperator f = Expressions.xy(source), g = Expressions.xy(bc), u = exact == null ? null : Expressions.xy(exact);
            PoissonProblem problem = new PoissonProblem(domain[0], domain[1], domain[2], domain[3], f, g, u);
            Files.createDirectories(out);

            Objective obj = problem.objective(run.batch, Math.max(4, run.batch / 8), seed);
            SirenSpec spec = new SirenSpec(2, run.width, 2, 1, run.w0, 30);
            SirenModel model = SirenModel.create(spec, seed);
            model.metadata().put("problem", "poisson: -Lap u = " + source + ", u = " + bc + " on the edge");
            model.metadata().put("domain", domain[0] + "," + domain[1] + "," + domain[2] + "," + domain[3]);
            Grid gr = problem.grid(grid);
            double[] xy = gr.points();
            PoissonFd.Solution fd = problem.reference(gr);
            double[] truth = u == null ? null : gr.sample(u);
            String shown = truth != null ? "rel L2" : "rel L2 (FD)";
            try (SirenEngine engine = Engines.cpu();
                 Progress progress = run.progress("poisson", steps, shown)) {
                double[] ref = truth != null ? truth : fd.u();
                Trainer.Metric err = Solves.metric("rel_l2", true, m -> Grid.relL2(m.evaluate(engine, xy, gr.size()), ref, null));
                Trainer.Config cfg = run.adamThenLbfgs(steps, lbfgsIterations).metric(err, 200, Double.NaN).build();
                Trainer.Result r = new Trainer(engine).train(model, obj, cfg, Solves.shownOn(progress, true));
                progress.close();

                double[] field = model.evaluate(engine, xy, gr.size());
                double relL2 = truth == null ? Double.NaN : Grid.relL2(field, truth, null), relL2Fd = Grid.relL2(field, fd.u(), null);
                Map<String, Object> rep = new LinkedHashMap<>();
                rep.put("command", "solve poisson");
                rep.put("problem", Map.of("source", source, "bc", bc, "exact", exact == null ? "" : exact,
                        "domain", java.util.List.of(domain[0], domain[1], domain[2], domain[3])));
                rep.put("points", Map.of("interior", run.batch, "boundary", Math.max(4, run.batch / 8), "boundary_weight", PoissonProblem.BOUNDARY_WEIGHT));
                if (truth != null) rep.put("rel_l2", relL2);
                rep.put("rel_l2_fd", relL2Fd);
                if (truth != null) rep.put("fd_rel_l2_vs_exact", Grid.relL2(fd.u(), truth, null));
                rep.put("grid", java.util.List.of(gr.ny(), gr.nx()));
                run.putTraining(rep, spec, run.budget(steps, lbfgsIterations), r);
                Npy.write(out.resolve("u.npy"), field, gr.ny(), gr.nx());
                Npy.write(out.resolve("u_fd.npy"), fd.u(), gr.ny(), gr.nx());
                FieldImages.write(out.resolve("u.png"), field, gr.nx(), gr.ny());
                FieldImages.write(out.resolve("u_fd.png"), fd.u(), gr.nx(), gr.ny());
                double[] diff = new double[field.length];
                double[] against = truth != null ? truth : fd.u();
                for (int k = 0; k < diff.length; k++) diff[k] = field[k] - against[k];
                FieldImages.write(out.resolve("error.png"), diff, gr.nx(), gr.ny());
                Map<String, double[]> vti = new LinkedHashMap<>();
                vti.put("u", field);
                vti.put("u_fd", fd.u());
                if (truth != null) vti.put("exact", truth);
                vti.put("error", diff);
                org.siren4j.pde.Vti.write(out.resolve("u.vti"), gr, vti);
                ModelFile.save(model, out.resolve("model.siren"));
                Reports.write(out.resolve("report.json"), rep);
                System.out.printf("poisson: %d Adam steps + %d L-BFGS iterations in %.1f s: rel L2 %s%.3e against the FD reference%n",
                        r.steps(), r.finishIterations(), r.seconds(),
                        truth != null ? String.format("%.3e against the exact solution, ", relL2) : "", relL2Fd);
                System.out.println("wrote " + out.resolve("u.npy") + ", u_fd.npy, u.png, u_fd.png, error.png, u.vti (ParaView), model.siren, report.json");
            }
            return 0;
        }
    }
}
