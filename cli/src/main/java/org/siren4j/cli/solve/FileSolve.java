package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.PointGroup;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.FieldImages;
import org.siren4j.pde.Grid;
import org.siren4j.pde.Npy;
import org.siren4j.pde.problem.FileProblem;

/** {@code siren solve FILE}: a problem file's PDE, trained like the Poisson solve (Adam on a cosine, then L-BFGS). */
final class FileSolve {
    private FileSolve() {}

    static int run(Path file, SolveOptions run, int lbfgsIterations, boolean lbfgsGiven, int grid) throws Exception {
        FileProblem problem;
        try {
            problem = FileProblem.read(file, run.seed);
        } catch (FileProblem.ProblemException e) {
            throw new SirenCli.UserError(file + ": " + e.getMessage());
        }
        // the file's recommended settings, where the command line did not name the option
        Map<String, Double> rec = problem.solver();
        if (rec.containsKey("width") && !run.given("--width")) run.width = rec.get("width").intValue();
        if (rec.containsKey("w0") && !run.given("--w0")) run.w0 = rec.get("w0");
        if (rec.containsKey("lr") && !run.given("--lr")) run.lr = rec.get("lr");
        if (rec.containsKey("batch") && !run.given("--batch")) run.batch = rec.get("batch").intValue();
        if (rec.containsKey("steps") && !run.given("--steps")) run.steps = rec.get("steps").intValue();
        if (rec.containsKey("lbfgs_iterations") && !lbfgsGiven) lbfgsIterations = rec.get("lbfgs_iterations").intValue();
        run.checkNetwork(false);
        if (lbfgsIterations < 0) throw new SirenCli.UserError("--lbfgs-iterations must be >= 0, got " + lbfgsIterations);
        run.seconds(); // refuses a bad --seconds before any work
        int steps = run.steps();
        run.checkOut();
        Files.createDirectories(run.out);
        Objective obj = problem.objective(run.given("--batch") || rec.containsKey("batch") ? run.batch : 0); // over the file's points.batch
        SirenSpec spec = new SirenSpec(2, run.width, 2, 1, run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "file " + file.getFileName() + ": " + problem.pde().text());
        Grid g = problem.grid(grid);
        double[] xy = g.points();
        boolean[] inside = problem.domain().mask(g);
        double[] truth = problem.hasExact() ? g.sample(problem::exact) : null;
        try (SirenEngine engine = Engines.cpu();
             Progress progress = run.progress("solve", steps, truth != null ? "rel L2" : "")) {
            Trainer.Builder cfg = run.adamThenLbfgs(steps, lbfgsIterations);
            if (truth != null) cfg.metric(Solves.metric("rel_l2", true, m -> Grid.relL2(m.evaluate(engine, xy, g.size()), truth, inside)), 200, Double.NaN);
            Trainer.Result r = new Trainer(engine).train(model, obj, cfg.build(), Solves.shownOn(progress, true));
            progress.close();

            double[] u = problem.field(model, engine, g);
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve " + file.getFileName());
            rep.put("pde", problem.pde().text());
            run.putTraining(rep, spec, run.budget(steps, lbfgsIterations), r);
            Map<String, Object> residuals = new LinkedHashMap<>();
            for (PointGroup pg : obj.groups()) residuals.put(pg.name(), meanSquare(pg, model, engine));
            rep.put("loss_by_group", residuals); // weighted mean squares at the final weights, over every point
            if (truth != null) rep.put("rel_l2", Grid.relL2(u, truth, inside));
            rep.put("grid", List.of(g.ny(), g.nx()));
            rep.put("bounds", problem.domain().bounds());
            Npy.write(run.out.resolve("u.npy"), u, g.ny(), g.nx());
            FieldImages.write(run.out.resolve("u.png"), zeroOutside(u), g.nx(), g.ny());
            if (truth != null) {
                double[] err = new double[u.length];
                for (int p = 0; p < err.length; p++) err[p] = inside[p] ? u[p] - truth[p] : 0;
                FieldImages.write(run.out.resolve("error.png"), err, g.nx(), g.ny());
            }
            Map<String, double[]> vti = new LinkedHashMap<>();
            vti.put("u", u);
            if (truth != null) {
                double[] ex = truth.clone(), err = new double[u.length];
                for (int p = 0; p < u.length; p++) {
                    if (!inside[p]) ex[p] = Double.NaN;
                    err[p] = u[p] - ex[p];
                }
                vti.put("exact", ex);
                vti.put("error", err);
            }
            org.siren4j.pde.Vti.write(run.out.resolve("u.vti"), g, vti);
            ModelFile.save(model, run.out.resolve("model.siren"));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("solve %s: %d Adam steps + %d L-BFGS iterations in %.1f s%s%n", file.getFileName(), r.steps(), r.finishIterations(), r.seconds(),
                    truth != null ? String.format(": rel L2 %.3e against the exact solution", (double) rep.get("rel_l2")) : "");
            System.out.println("wrote " + run.out.resolve("u.npy") + " (NaN outside the domain), u.vti (ParaView), u.png" + (truth != null ? ", error.png" : "") + ", model.siren, report.json");
        }
        return 0;
    }

    /** A group's weighted mean square over its whole point set at the final weights. */
    private static double meanSquare(PointGroup g, SirenModel model, SirenEngine engine) {
        var y = engine.evaluate(model, g.request(), g.points(), g.count());
        return g.evaluate(y, null, 0, g.count(), null);
    }

    private static double[] zeroOutside(double[] u) {
        double[] v = u.clone();
        for (int i = 0; i < v.length; i++) if (Double.isNaN(v[i])) v[i] = 0;
        return v;
    }
}
