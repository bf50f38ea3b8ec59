package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
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
import org.siren4j.pde.FieldImages;
import org.siren4j.pde.Grid;
import org.siren4j.pde.Npy;
import org.siren4j.pde.PluckedString;
import org.siren4j.pde.WaveProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "string", header = "Synthesise a plucked string from the wave equation and write it as WAV.",
        mixinStandardHelpOptions = true, defaultValueProvider = StringCommand.Defaults.class,
        description = {"A plucked string (1-D wave equation, fixed ends) solved from the PDE, heard at a pickup. The network",
                "learns the dimensionless string (x on [-1, 1], time in periods, wave speed 4) from the",
                "PDE alone over half a period, the rounded triangular pluck and rest built in; every mode of an ideal string",
                "is a harmonic, so the motion repeats each period (and half a period later is the mirror image, upside",
                "down), and any pitch is the same solution played at f periods a second;",
                "damping D u_t is the envelope e^(-D t/2). Checked against the exact modal (Fourier) solution over one",
                "period and at the pickup over the whole sound (at least 20 periods). Writes OUT.wav and DIR/u.npy",
                "[phases, x] (one period), times.npy (phases), u_exact.npy, u.png, pickup.npy, model.siren, report.json."})
final class StringCommand implements Callable<Integer> {
    @Option(names = "--freq", required = true, paramLabel = "HZ", description = "fundamental frequency")
    double freq;

    @Option(names = "--damping", defaultValue = "0", paramLabel = "D", description = "damping D in u_tt + D u_t = c^2 u_xx, 1/s (default: ${DEFAULT-VALUE})")
    double damping;

    @Option(names = "--pluck", defaultValue = "0.2", paramLabel = "X", description = "pluck position along the string, 0..1 (default: ${DEFAULT-VALUE})")
    double pluck;

    @Option(names = "--pickup", defaultValue = "0.1", paramLabel = "X", description = "pickup position along the string, 0..1 (default: ${DEFAULT-VALUE})")
    double pickup;

    @Option(names = "--roundness", defaultValue = "0.05", description = "width of the plucking finger as a share of the string (default: ${DEFAULT-VALUE})")
    double roundness;

    @Option(names = "--length", defaultValue = "2", paramLabel = "S", description = "length of the sound in seconds (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--wav", required = true, paramLabel = "OUT.wav", description = "the sound at the pickup, 16-bit mono, peak at -1 dBFS")
    Path wav;

    @Option(names = "--rate", defaultValue = "48000", paramLabel = "HZ", description = "sample rate (default: ${DEFAULT-VALUE})")
    int rate;

    @Mixin
    SolveOptions run;

    /** Defaults of the shared options (the steps: {@link PluckedString#TRAIN_STEPS}). */
    static final class Defaults extends OptionDefaults {
        public Defaults() { super("--width", "128", "--w0", "10", "--lr", "1e-3", "--batch", "2048", "--steps", Integer.toString(DEFAULT_STEPS)); }
    }

    static final int DEFAULT_STEPS = PluckedString.TRAIN_STEPS;

    @Override
    public Integer call() throws Exception {
        if (!(freq >= 1 && freq <= 20000)) throw new SirenCli.UserError("--freq must lie in 1..20000 Hz, got " + freq);
        if (!(damping >= 0) || damping > 1000) throw new SirenCli.UserError("--damping must lie in [0, 1000], got " + damping);
        if (!(pluck > 0 && pluck < 1)) throw new SirenCli.UserError("--pluck must lie strictly between 0 and 1, got " + pluck);
        if (!(pickup > 0 && pickup < 1)) throw new SirenCli.UserError("--pickup must lie strictly between 0 and 1, got " + pickup);
        if (!(seconds > 0) || seconds > 600) throw new SirenCli.UserError("--length must lie in (0, 600] seconds, got " + seconds);
        if (rate < 8000 || rate > 384000) throw new SirenCli.UserError("--rate must lie in 8000..384000, got " + rate);
        if (!(roundness > 0 && roundness <= 0.25)) throw new SirenCli.UserError("--roundness must lie in (0, 0.25], got " + roundness);
        run.checkNetwork(false);
        if (Files.isDirectory(wav)) throw new SirenCli.UserError(wav + " is a folder");
        double trainSeconds = run.seconds();
        int steps = run.steps();
        run.checkOut();
        PluckedString string = new PluckedString(2 * pluck - 1, 2 * roundness, 1);
        WaveProblem problem = string.problem();
        Files.createDirectories(run.out);

        int nx = 257, phases = 64;
        double[] xs = java.util.stream.IntStream.range(0, nx).mapToDouble(Grid.square(nx)::x).toArray();
        double[] taus = new double[phases], truth = new double[phases * nx];
        for (int k = 0; k < phases; k++) {
            taus[k] = (double) k / phases;
            for (int j = 0; j < nx; j++) truth[k * nx + j] = string.exact(xs[j], taus[k]);
        }
        SirenSpec spec = new SirenSpec(2, run.width, 3, 1, run.w0, 30);
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "plucked string, dimensionless: x on [-1, 1], time in periods, wave speed 4; pluck at " + pluck
                + ", roundness " + roundness + "; displacement = u0 + g(tau) N, see PluckedString");
        try (SirenEngine engine = Engines.cpu();
             Progress progress = run.progress("string", steps, "rel L2 (period)")) {
            Trainer.Metric err = Solves.metric("rel_l2", true, m -> Grid.relL2(period(string, problem, m, engine, xs, taus), truth, null));
            Trainer.Config cfg = Trainer.Config.builder().seconds(trainSeconds).steps(steps).schedule(Schedule.cosine(run.lr, 0.01)).seed(run.seed)
                    .metric(err, 250, Double.NaN).keep(Trainer.Keep.BEST_METRIC).checkpoint(run.checkpoint(), 500).resume(run.resume).build();
            Trainer.Result r = new Trainer(engine).train(model, problem.objective(run.batch), cfg, Solves.shownOn(progress, true));
            progress.close();

            double[] field = period(string, problem, model, engine, xs, taus);
            double relPeriod = Grid.relL2(field, truth, null);
            // the sound: the network read at the phase f t mod 1, the damping as its envelope
            double xp = 2 * pickup - 1;
            int n = (int) Math.round(seconds * rate), nCheck = Math.max(n, (int) Math.ceil(20 * rate / freq));
            double[] sound = pickup(string, problem, model, engine, xp, nCheck, rate);
            double[] exact = new double[nCheck];
            for (int i = 0; i < nCheck; i++) exact[i] = string.exact(xp, i / (double) rate, freq, damping);
            double relPickup = Grid.relL2(sound, exact, null);
            double peak = 1e-300;
            for (int i = 0; i < n; i++) peak = Math.max(peak, Math.abs(sound[i]));
            double gain = Math.pow(10, -1 / 20.0) / peak;
            double[] pcm = new double[n];
            for (int i = 0; i < n; i++) pcm[i] = gain * sound[i];
            WavWriter.write(wav, Clip.mono(rate, pcm), WavWriter.Format.PCM16);

            Npy.write(run.out.resolve("u.npy"), field, phases, nx);
            Npy.write(run.out.resolve("u_exact.npy"), truth, phases, nx);
            Npy.write(run.out.resolve("times.npy"), taus, phases);
            Npy.write(run.out.resolve("pickup.npy"), java.util.Arrays.copyOf(sound, n), n);
            FieldImages.write(run.out.resolve("u.png"), field, nx, phases);
            FieldImages.write(run.out.resolve("u_exact.png"), truth, nx, phases);
            ModelFile.save(model, run.out.resolve("model.siren"));
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "solve string");
            rep.put("problem", Map.of("freq_hz", freq, "damping", damping, "pluck", pluck, "pickup", pickup, "roundness", roundness,
                    "equation", "u_tt + D u_t = c^2 u_xx, fixed ends, from rest"));
            rep.put("rel_l2_period", relPeriod);
            rep.put("rel_l2_pickup", relPickup);
            rep.put("pickup_periods_checked", nCheck * freq / rate);
            rep.put("truth", "modal (Fourier sine) series, 400 modes, exact damped modes");
            rep.put("sound", Map.of("file", wav.toString(), "seconds", seconds, "rate", rate, "gain", gain));
            run.putTraining(rep, spec, run.budget(steps), r);
            rep.put("grid", List.of(phases, nx));
            Reports.write(run.out.resolve("report.json"), rep);
            System.out.printf("string: %d steps in %.1f s: rel L2 %.3e over one period, %.3e at the pickup over %.0f periods%n",
                    r.steps(), r.seconds(), relPeriod, relPickup, nCheck * freq / rate);
            System.out.println("wrote " + wav + ", " + run.out.resolve("u.npy") + ", u_exact.npy, times.npy, pickup.npy, PNGs, model.siren, report.json");
        }
        return 0;
    }

    private static double[] period(PluckedString s, WaveProblem p, SirenModel m, SirenEngine e, double[] xs, double[] taus) {
        double[] x = new double[taus.length * xs.length], t = new double[x.length];
        for (int k = 0; k < taus.length; k++)
            for (int j = 0; j < xs.length; j++) { x[k * xs.length + j] = xs[j]; t[k * xs.length + j] = taus[k]; }
        return s.displacement(p, m, e, x, t);
    }

    /** The displacement at x for n samples: the network at phase f t, times the damping envelope. */
    private double[] pickup(PluckedString s, WaveProblem p, SirenModel m, SirenEngine e, double x, int n, int rate) {
        double[] xs = new double[n], tau = new double[n];
        for (int i = 0; i < n; i++) { xs[i] = x; tau[i] = freq * i / rate; }
        double[] u = s.displacement(p, m, e, xs, tau);
        for (int i = 0; i < n; i++) u[i] *= Math.exp(-0.5 * damping * i / rate);
        return u;
    }
}
