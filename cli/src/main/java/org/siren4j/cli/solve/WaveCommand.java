package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.util.ArrayList;
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
import org.siren4j.pde.Npy;
import org.siren4j.pde.WaveProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "wave", header = "Solve the wave equation from an initial pulse, against a leapfrog reference.",
        mixinStandardHelpOptions = true, defaultValueProvider = WaveCommand.Defaults.class,
        description = {"u_tt = c^2 Lap u on [-1, 1]^dim for 0 <= t <= T, u = 0 on the edge, u and u_t given at t = 0. The",
                "initial and edge conditions are built into the field (u = u0 + t v0 + g(t) b(x) N, N the network, g = t^2/(t^2 + (T/4)^2),",
                "b = (1 - x^2)(1 - y^2)), so training sees the PDE alone. Checked against a leapfrog finite-difference reference (solved on a grid twice",
                "as fine, then sampled). Writes DIR/u.npy [times, ny, nx] (1-D: [times, nx]), times.npy, u_fd.npy,",
                "frame PNGs, model.siren (the network N), report.json. --preset paper: the paper's network (3->512x3->1) and",
                "learning rate (2e-5), 50000 steps."})
final class WaveCommand implements Callable<Integer> {
    static final int DEFAULT_STEPS = 3000;

    @Option(names = "--dim", defaultValue = "2", description = "1 or 2 space dimensions (default: ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--c", defaultValue = "1", description = "wave speed (default: ${DEFAULT-VALUE})")
    double c;

    @Option(names = "--init", paramLabel = "gaussian:X,Y,SIGMA,AMP|EXPR",
            description = "u at t = 0: a Gaussian (1-D: gaussian:X,SIGMA,AMP) or an expression in x, y (default: gaussian at the centre, sigma 0.1, amplitude 1)")
    String init;

    @Option(names = "--v0", defaultValue = "0", paramLabel = "EXPR", description = "u_t at t = 0, an expression in x, y (default: ${DEFAULT-VALUE})")
    String v0;

    @Option(names = "--t-max", defaultValue = "0.4", paramLabel = "T", description = "end time (default: ${DEFAULT-VALUE})")
    double tMax;

    @Option(names = "--times", split = ",", paramLabel = "t1,t2,...", description = "frame times (default: 0, T/4, T/2, 3T/4, T)")
    double[] times;

    @Mixin
    OutputGrid outputGrid;

    private int grid;

    @Mixin
    PaperPreset preset;

    @Mixin
    SolveOptions run;

    /** Defaults of the shared options; DEFAULT_STEPS took about 300 s on the 2-core development machine. */
    static final class Defaults extends OptionDefaults {
        public Defaults() { super("--width", "128", "--w0", "30", "--lr", "3e-4", "--batch", "4096", "--steps", Integer.toString(DEFAULT_STEPS)); }
    }

    @Override
    public Integer call() throws Exception {
        if (dim != 1 && dim != 2) throw new SirenCli.UserError("--dim must be 1 or 2, got " + dim);
        if (!(c > 0) || !Double.isFinite(c)) throw new SirenCli.UserError("--c must be > 0, got " + c);
        if (!(tMax > 0) || !Double.isFinite(tMax)) throw new SirenCli.UserError("--t-max must be > 0, got " + tMax);
        grid = outputGrid.size(3, 2048);
        run.checkNetwork(false);
        if (times == null) times = new double[] {0, tMax / 4, tMax / 2, 3 * tMax / 4, tMax};
        for (int k = 0; k < times.length; k++)
            if (!(times[k] >= 0 && times[k] <= tMax) || (k > 0 && times[k] <= times[k - 1]))
                throw new SirenCli.UserError("--times must be ascending and within [0, t-max], got " + java.util.Arrays.toString(times));
        DoubleBinaryOperator u0 = initial(), v = Expressions.xy(v0);
        int steps = preset.apply(run, 512, 2e-5, 50000, DEFAULT_STEPS);
        double seconds = run.seconds();
        run.checkOut();
        WaveProblem problem = new WaveProblem(dim, c, tMax, u0, v);
        Files.createDirectories(run.out);

        Grid gr = Grid.square(grid);
        double[] xs = dim == 2 ? gr.points() : java.util.stream.IntStream.range(0, grid).mapToDouble(gr::x).toArray();
        int n = dim == 2 ? gr.size() : grid;
        double[][] ref = reference(problem, times);
        SirenSpec spec = new SirenSpec(dim + 1, run.width, 3, 1, run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "wave: u_tt = " + c + "^2 Lap u, u(0) = " + (init == null ? "gaussian" : init) + ", u_t(0) = " + v0
                + "; the field is u0 + t v0 + g(t) b(x) N(x, t), g = t^2/(t^2 + (T/4)^2), b = prod(1 - x_j^2), N this network");
        double[] last = ref[ref.length - 1];
        try (SirenEngine engine = Engines.cpu();
             Progress progress = run.progress("wave", steps, "rel L2 at T")) {
            Trainer.Metric err = Solves.metric("rel_l2", true, m -> Grid.relL2(problem.field(m, engine, xs, n, tMax), last, null));
            Trainer.Config cfg = Trainer.Config.builder().seconds(seconds).steps(steps).schedule(Schedule.cosine(run.lr, 0.01)).seed(run.seed)
                    .metric(err, 250, Double.NaN).keep(Trainer.Keep.BEST_METRIC).checkpoint(run.checkpoint(), 500).resume(run.resume).build();
            Trainer.Result r = new Trainer(engine).train(model, problem.objective(run.batch), cfg, Solves.shownOn(progress, true));
            progress.close();

            double[] all = new double[times.length * n], allRef = new double[times.length * n];
            List<Double> perTime = new ArrayList<>();
            List<Map<String, double[]>> frames = new ArrayList<>();
            for (int k = 0; k < times.length; k++) {
                double[] u = problem.field(model, engine, xs, n, times[k]);
                System.arraycopy(u, 0, all, k * n, n);
                System.arraycopy(ref[k], 0, allRef, k * n, n);
                perTime.add(Grid.relL2(u, ref[k], null));
                if (dim == 2) {
                    frames.add(fields(u, ref[k]));
                    FieldImages.write(run.out.resolve(String.format("frame_%02d.png", k)), u, grid, grid);
                    FieldImages.write(run.out.resolve(String.format("frame_%02d_fd.png", k)), ref[k], grid, grid);
                }
            }
            int[] shape = dim == 2 ? new int[] {times.length, grid, grid} : new int[] {times.length, grid};
            Npy.write(run.out.resolve("u.npy"), all, shape);
            Npy.write(run.out.resolve("u_fd.npy"), allRef, shape);
            Npy.write(run.out.resolve("times.npy"), times, times.length);
            if (dim == 1) {
                FieldImages.write(run.out.resolve("u.png"), all, grid, times.length);
                FieldImages.write(run.out.resolve("u_fd.png"), allRef, grid, times.length);
                if (times.length >= 3) // space-time image data: x across, t up (uniform times only: VTK image data has one spacing)
                    if (uniform(times)) org.siren4j.pde.Vti.write(run.out.resolve("u.vti"), new Grid(-1, 1, times[0], times[times.length - 1], grid, times.length),
                            fields(all, allRef));
            } else {
                org.siren4j.pde.Vti.writeSeries(run.out.resolve("u.pvd"), gr, times, frames);
            }
            double relL2 = perTime.get(perTime.size() - 1);
            ModelFile.save(model, run.out.resolve("model.siren"));
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve wave");
            rep.put("problem", Map.of("dim", dim, "c", c, "init", init == null ? "gaussian:0,0,0.1,1" : init, "v0", v0, "t_max", tMax,
                    "edge", "u = 0", "domain", "[-1, 1]^" + dim));
            rep.put("rel_l2_fd", relL2);
            rep.put("rel_l2_fd_per_time", perTime);
            rep.put("times", times);
            rep.put("fd_reference", "leapfrog, five-point Laplacian, solved on " + (2 * grid - 1) + " points a side and sampled");
            rep.put("batch", run.batch);
            run.putTraining(rep, spec, run.budget(steps), r);
            rep.put("grid", dim == 2 ? List.of(grid, grid) : List.of(grid));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("wave: %d steps in %.1f s: rel L2 %.3e at t = %g against the FD reference%n", r.steps(), r.seconds(), relL2, tMax);
            System.out.println("wrote " + run.out.resolve("u.npy") + ", times.npy, u_fd.npy, " + (dim == 2 ? "frame PNGs, u.pvd + u_KK.vti (ParaView time series)" : "u.png, u_fd.png, u.vti (x, t)")
                    + ", model.siren, report.json");
        }
        return 0;
    }

    private DoubleBinaryOperator initial() {
        String spec = init == null ? (dim == 2 ? "gaussian:0,0,0.1,1" : "gaussian:0,0.1,1") : init.strip();
        if (!spec.startsWith("gaussian:")) return Expressions.xy(spec);
        String[] p = spec.substring("gaussian:".length()).split(",");
        if (p.length != dim + 2) throw new SirenCli.UserError("--init gaussian needs " + (dim == 2 ? "X,Y,SIGMA,AMP" : "X,SIGMA,AMP") + ", got '" + spec + "'");
        double[] a = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            try {
                a[k] = Double.parseDouble(p[k].strip());
            } catch (NumberFormatException e) {
                throw new SirenCli.UserError("--init gaussian: '" + p[k] + "' is not a number");
            }
        }
        double x0 = a[0], y0 = dim == 2 ? a[1] : 0, sigma = a[dim], amp = a[dim + 1];
        if (Math.abs(x0) >= 1 || Math.abs(y0) >= 1) throw new SirenCli.UserError("--init gaussian: the centre lies outside (-1, 1)^" + dim);
        if (!(sigma > 0)) throw new SirenCli.UserError("--init gaussian: sigma must be > 0, got " + sigma);
        return WaveProblem.gaussian(x0, y0, sigma, amp);
    }

    /** The FD reference on a grid twice as fine, sampled at the output points. */
    private double[][] reference(WaveProblem problem, double[] ts) {
        int fine = 2 * grid - 1;
        double[][] f = problem.reference(dim == 2 ? Grid.square(fine) : new Grid(-1, 1, -1, 1, fine, 3), ts);
        double[][] out = new double[f.length][];
        for (int k = 0; k < f.length; k++) {
            if (dim == 1) {
                out[k] = new double[grid];
                for (int j = 0; j < grid; j++) out[k][j] = f[k][2 * j];
            } else {
                out[k] = new double[grid * grid];
                for (int i = 0; i < grid; i++) for (int j = 0; j < grid; j++) out[k][i * grid + j] = f[k][(2 * i) * fine + 2 * j];
            }
        }
        return out;
    }

    /** Whether the times are evenly spaced (VTK image data has one spacing an axis). */
    private static boolean uniform(double[] t) {
        double h = (t[t.length - 1] - t[0]) / (t.length - 1);
        for (int k = 0; k < t.length; k++) if (Math.abs(t[k] - (t[0] + k * h)) > 1e-9 * Math.max(1, Math.abs(h))) return false;
        return h > 0;
    }

    /** The network's field and the reference, in that order (the first is what ParaView shows first). */
    private static Map<String, double[]> fields(double[] u, double[] fd) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("u", u);
        m.put("u_fd", fd);
        return m;
    }
}
