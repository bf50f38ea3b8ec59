package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.siren4j.pde.Lattice;
import org.siren4j.pde.Npy;
import org.siren4j.pde.Vti;
import org.siren4j.pde.problem.Comparison;
import org.siren4j.pde.problem.FileProblem;

/** {@code siren solve FILE}: a problem file's PDE, trained like the Poisson solve (Adam on a cosine, then L-BFGS). */
final class FileSolve {
    private FileSolve() {}

    /** Adam steps, and L-BFGS iterations, between fits of a problem's unknown coefficients to its residuals. */
    static final int PARAMETER_EVERY = 50;
    /** The share of the Adam steps before the first fit of the unknown coefficients. */
    static final double WARM_UP = 0.25;

    /** {@code grid}: points along the longest side of the output lattice, 0 for the default (256 in 2-D, 64 in 3-D). */
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
        if (grid == 0) grid = problem.dims() == 3 ? 64 : 256;
        else if (problem.dims() == 3 && grid > 400) throw new SirenCli.UserError("--grid must lie in 3..400 for a 3-D domain (N^3 points), got " + grid);
        run.checkOut();
        Files.createDirectories(run.out);
        Objective obj = problem.objective(run.given("--batch") || rec.containsKey("batch") ? run.batch : 0); // over the file's points.batch
        SirenSpec spec = new SirenSpec(problem.dims(), run.width, 2, problem.outputs(), run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "file " + file.getFileName() + ": " + problem.pdeText());
        Lattice g = problem.lattice(grid);
        boolean[] inside = problem.domain().mask(g), compared = problem.compared(g);
        boolean exact = problem.hasExact();
        Comparison truth = exact ? problem.comparison(g) : null;
        try (SirenEngine engine = Engines.cpu();
             Progress progress = run.progress("solve", steps, exact ? "rel L2" : shownParameter(problem))) {
            Trainer.Builder cfg = run.adamThenLbfgs(steps, lbfgsIterations);
            if (exact) cfg.metric(Solves.metric("rel_l2", true, m -> truth.relL2(m, engine)), 200, Double.NaN);
            Map<String, Double> guess = problem.parameters();
            if (problem.hasParameters()) cfg.between(PARAMETER_EVERY, new CoefficientFit(problem, engine, Math.round(WARM_UP * steps)));
            if (!exact && problem.hasParameters()) // no error to show: the first unknown coefficient as it is fitted
                cfg.metric(Solves.metric(shownParameter(problem), false, m -> problem.parameters().get(shownParameter(problem))), PARAMETER_EVERY, Double.NaN);
            Trainer.Result r = new Trainer(engine).train(model, obj, cfg.build(), Solves.shownOn(progress, exact));
            progress.close();

            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve " + file.getFileName());
            rep.put("pde", problem.pdeText());
            run.putTraining(rep, spec, run.budget(steps, lbfgsIterations), r);
            Map<String, Object> residuals = new LinkedHashMap<>();
            for (PointGroup pg : obj.groups()) residuals.put(pg.name(), meanSquare(pg, model, engine));
            rep.put("loss_by_group", residuals); // weighted mean squares at the final weights, over every point
            if (exact) rep.put("rel_l2", truth.relL2(model, engine));
            if (problem.hasParameters()) {
                rep.put("parameters", problem.parameters());
                rep.put("parameters_first_guess", guess);
            }
            rep.put("grid", g.shape());
            rep.put("bounds", problem.domain().bounds());

            // one unknown: u.npy, u.png, error.png, u.vti; several: each w.npy, w.png, w_error.png, and fields.vti
            List<FileProblem.Unknown> unknowns = problem.unknowns();
            boolean one = unknowns.size() == 1;
            Map<String, double[]> vti = new LinkedHashMap<>();
            Map<String, Object> errors = new LinkedHashMap<>();
            List<String> written = new ArrayList<>();
            for (FileProblem.Unknown w : unknowns) {
                String n = w.name();
                double[][] u = problem.field(w, model, engine, g);
                if (w.complex()) Npy.writeComplex(run.out.resolve(n + ".npy"), u[0], u[1], g.shape());
                else Npy.write(run.out.resolve(n + ".npy"), u[0], g.shape());
                image(run.out.resolve(n + ".png"), problem, g, u[0]);
                written.add(n + ".npy" + (w.complex() ? " (complex)" : "") + (g.dims() > 1 ? ", " + n + ".png" : ""));
                putParts(vti, n, u);
                if (!problem.hasExact(n)) continue;
                double[][] t = problem.exactField(w, g), err = new double[u.length][u[0].length];
                double e = 0, s = 0;
                for (int part = 0; part < u.length; part++)
                    for (int p = 0; p < u[0].length; p++) {
                        if (!inside[p]) t[part][p] = Double.NaN;
                        err[part][p] = compared[p] ? u[part][p] - t[part][p] : Double.NaN;
                        if (compared[p]) { e += err[part][p] * err[part][p]; s += t[part][p] * t[part][p]; }
                    }
                errors.put(n, Math.sqrt(e / s));
                putParts(vti, "exact_" + n, t);
                putParts(vti, "error_" + n, err);
                String image = one ? "error.png" : n + "_error.png";
                if (g.dims() > 1) written.add(image);
                image(run.out.resolve(image), problem, g, err[0]);
            }
            if (!errors.isEmpty()) rep.put("rel_l2_by_unknown", errors);
            String stem = one ? unknowns.get(0).name() : "fields", vtiName;
            if (problem.time() != null && problem.space() == 2) { // a time series: one x-y frame a time
                vtiName = stem + ".pvd + " + stem + "_KK.vti";
                int frames = g.n()[2];
                double[] times = new double[frames];
                List<Map<String, double[]>> series = new ArrayList<>();
                for (int k = 0; k < frames; k++) {
                    times[k] = g.coordinate(2, k);
                    Map<String, double[]> frame = new LinkedHashMap<>();
                    for (Map.Entry<String, double[]> e : vti.entrySet()) frame.put(e.getKey(), g.plane(e.getValue(), k));
                    series.add(frame);
                }
                Vti.writeSeries(run.out.resolve(stem + ".pvd"), g.plane(), times, series);
            } else {
                vtiName = stem + ".vti";
                Vti.write(run.out.resolve(vtiName), g, vti);
            }
            if (problem.hasParameters()) model.metadata().put("parameters", problem.parameters().toString()); // the fitted coefficients travel with the field
            ModelFile.save(model, run.out.resolve("model.siren"));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("solve %s: %d Adam steps + %d L-BFGS iterations in %.1f s%s%s%n", file.getFileName(), r.steps(), r.finishIterations(), r.seconds(),
                    exact ? String.format(": rel L2 %.3e against the exact solution", (double) rep.get("rel_l2")) : "",
                    problem.hasParameters() ? (exact ? "; " : ": ") + String.join(", ", problem.parameters().entrySet().stream()
                            .map(e -> String.format("%s = %.6g (first guess %.6g)", e.getKey(), e.getValue(), guess.get(e.getKey()))).toList()) : "");
            System.out.println("wrote in " + run.out + ": " + String.join(", ", written) + " (NaN outside the domain" + imageNote(problem)
                    + "), " + vtiName + " (ParaView), model.siren, report.json");
        }
        return 0;
    }

    /**
     * A field as a PNG where it has a plane: 2-D as it is (a 1-D time problem: x across, t up), the last time of a 2-D
     * time problem, the middle z plane in 3-D; no image of a 1-D field.
     */
    private static void image(Path file, FileProblem problem, Lattice g, double[] field) throws java.io.IOException {
        if (g.dims() < 2) return;
        double[] plane = g.dims() == 2 ? field : problem.time() != null ? g.plane(field, g.n()[2] - 1) : g.plane(field);
        FieldImages.write(file, zeroOutside(plane), g.n()[0], g.n()[1]);
    }

    /** The unknown coefficient a run without an exact solution shows on its progress bar: the first; none without any. */
    private static String shownParameter(FileProblem problem) { return problem.hasParameters() ? problem.parameters().keySet().iterator().next() : ""; }

    private static String imageNote(FileProblem problem) {
        if (problem.dims() < 3) return problem.time() != null ? "; images: x across, t up" : "";
        return problem.time() != null ? "; images: the last time" : "; images: the middle z plane";
    }

    /**
     * Fits the problem's unknown coefficients between training steps, once the first {@code warm} Adam steps are done
     * (held at the first guess while the network first learns the data: an untrained network's residual says nothing
     * of them); the coefficients and the count of calls go into the checkpoint, so a resumed run goes on with them.
     */
    private static final class CoefficientFit implements Trainer.Between {
        private final FileProblem problem;
        private final SirenEngine engine;
        private final long warm;
        private long calls;

        CoefficientFit(FileProblem problem, SirenEngine engine, long warm) {
            this.problem = problem;
            this.engine = engine;
            this.warm = warm;
        }

        @Override public void run(SirenModel model) {
            if (++calls * PARAMETER_EVERY > warm) problem.fitParameters(model, engine);
        }

        @Override public void save(java.io.DataOutputStream out) throws java.io.IOException {
            out.writeLong(calls);
            Map<String, Double> p = problem.parameters();
            out.writeInt(p.size());
            for (Map.Entry<String, Double> e : p.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
        }

        @Override public void restore(java.io.DataInputStream in) throws java.io.IOException {
            calls = in.readLong();
            int n = in.readInt();
            Map<String, Double> p = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) p.put(in.readUTF(), in.readDouble());
            if (!p.keySet().equals(problem.parameters().keySet())) throw new java.io.IOException("the checkpoint's coefficients " + p.keySet() + " are not the problem's " + problem.parameters().keySet());
            problem.setParameters(p);
        }
    }

    /** A field's parts into the VTK arrays: {@code w}, or {@code w_re}, {@code w_im} and {@code w_abs} when complex. */
    private static void putParts(Map<String, double[]> vti, String name, double[][] u) {
        if (u.length == 1) {
            vti.put(name, u[0]);
            return;
        }
        double[] abs = new double[u[0].length];
        for (int p = 0; p < abs.length; p++) abs[p] = Math.hypot(u[0][p], u[1][p]);
        vti.put(name + "_re", u[0]);
        vti.put(name + "_im", u[1]);
        vti.put(name + "_abs", abs);
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
