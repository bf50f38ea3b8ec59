package org.siren4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Objective;
import org.siren4j.core.PointFunction;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.Rng;
import org.siren4j.core.Sampler;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

/**
 * Error against seconds for ways to spend one time budget, on two problems where fitting precision
 * limits the result: plain Adam (constant rate, no guard), Adam with a cosine over the budget and the spike
 * guard, and that Adam for 60% of the budget followed by the L-BFGS finish, or (data fits) by the
 * Levenberg-Marquardt finish. Run back to back in one process.
 */
public final class OptimizerBenchmark {
    private OptimizerBenchmark() {}

    /** One curve: (seconds, error) pairs and the final error. */
    public record Curve(String method, List<double[]> points, double finalError, double finalFit, long adamSteps, int finishIterations) {}

    /**
     * A problem and how to score a model on it ({@code quality}: rel L2 error, or SNR in dB on held-out
     * samples; {@code fit}: SNR on the fitted samples, for data fits, else null).
     */
    public record Problem(String name, String qualityName, SirenSpec spec, Objective objective,
                          java.util.function.ToDoubleFunction<SirenModel> quality, double lr, boolean dataFit,
                          java.util.function.ToDoubleFunction<SirenModel> fit) {}

    /** u = sin(pi x) sin(pi y) on [-1,1]^2 from its Laplacian and zero boundary values; error = relative L2 on a 101^2 grid. */
    public static Problem poisson(SirenEngine engine) {
        PointFunction f = (p, o) -> -2 * Math.PI * Math.PI * Math.sin(Math.PI * p[o]) * Math.sin(Math.PI * p[o + 1]);
        double[] lo = {-1, -1}, hi = {1, 1};
        double[] in = new double[2 * 4096], edge = new double[2 * 512];
        Sampler.box(lo, hi).sample(new Rng(1), in, 4096);
        Sampler.boxSurface(lo, hi).sample(new Rng(2), edge, 512);
        Objective obj = Objective.of(2,
                PointGroup.fixed("interior", 2, in).residual(Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).target(f)),
                PointGroup.fixed("boundary", 2, edge).residual(Residual.mse("bc").term(ChannelRef.value(0)).weight(100)));
        int side = 101;
        double[] grid = new double[2 * side * side], truth = new double[side * side];
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) {
                int p = i * side + j;
                grid[2 * p] = -1 + 2.0 * i / (side - 1);
                grid[2 * p + 1] = -1 + 2.0 * j / (side - 1);
                truth[p] = Math.sin(Math.PI * grid[2 * p]) * Math.sin(Math.PI * grid[2 * p + 1]);
            }
        return new Problem("poisson", "rel_l2", new SirenSpec(2, 64, 2, 1, 3, 30), obj,
                m -> relL2(truth, m.evaluate(engine, grid, side * side)), 1e-3, false, null);
    }

    /** One audio segment: fit every other sample, error = SNR (dB) on the samples in between. */
    public static Problem segment(SirenEngine engine, double[] samples, int rate) {
        int n = samples.length / 2;
        double[] tTrain = new double[n], yTrain = new double[n], tHeld = new double[n], yHeld = new double[n];
        double peak = 1e-12;
        for (double v : samples) peak = Math.max(peak, Math.abs(v));
        for (int i = 0; i < n; i++) {
            tTrain[i] = -1 + 2.0 * (2 * i) / (samples.length - 1);
            yTrain[i] = samples[2 * i] / peak;
            tHeld[i] = -1 + 2.0 * (2 * i + 1) / (samples.length - 1);
            yHeld[i] = samples[2 * i + 1] / peak;
        }
        Objective obj = new Objective(tTrain, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(yTrain)));
        // w0 ~ 1000 for a quarter second on [-1, 1] (the prototype)
        double w0 = 4000.0 * samples.length / rate;
        return new Problem("audio-segment", "held_out_snr_db", new SirenSpec(1, 64, 2, 1, w0, 30), obj,
                m -> snrDb(yHeld, m.evaluate(engine, tHeld, n)), 1e-3, true, m -> snrDb(yTrain, m.evaluate(engine, tTrain, n)));
    }

    /** Runs the three methods for {@code seconds} each; curves sampled about every seconds/10. */
    public static List<Curve> run(Problem pr, SirenEngine engine, double seconds) {
        List<Curve> out = new ArrayList<>();
        Map<String, Trainer.Config> methods = new LinkedHashMap<>();
        Trainer.Config base = Trainer.Config.builder().seconds(seconds).schedule(Schedule.constant(pr.lr)).noSpikeGuard().keep(Trainer.Keep.LAST).build();
        methods.put("adam", base);
        methods.put("adam+cosine+guard", base.toBuilder().schedule(Schedule.cosine(pr.lr, 0.01)).spikeGuard(20, 0.5).keep(Trainer.Keep.BEST_LOSS).build());
        methods.put("adam+cosine+guard, then lbfgs", base.toBuilder().seconds(0.6 * seconds).schedule(Schedule.cosine(pr.lr, 0.01))
                .spikeGuard(20, 0.5).keep(Trainer.Keep.BEST_LOSS).finish(Trainer.Finish.lbfgs(0.4 * seconds)).build());
        if (pr.dataFit())
            methods.put("adam+cosine+guard, then levenberg-marquardt", base.toBuilder().seconds(0.6 * seconds).schedule(Schedule.cosine(pr.lr, 0.01))
                    .spikeGuard(20, 0.5).keep(Trainer.Keep.BEST_LOSS).finish(Trainer.Finish.levenbergMarquardt(0.4 * seconds)).build());
        for (Map.Entry<String, Trainer.Config> e : methods.entrySet()) {
            SirenModel model = SirenModel.create(pr.spec, 0);
            List<double[]> pts = new ArrayList<>();
            double[] nextAt = {seconds / 10};
            Trainer.Config cfg = e.getValue();
            Trainer.Result r = new Trainer(engine).train(model, pr.objective, cfg, p -> {
                if (p.elapsedSeconds() >= nextAt[0]) {
                    pts.add(new double[]{p.elapsedSeconds(), pr.quality.applyAsDouble(model)});
                    nextAt[0] += seconds / 10;
                }
            });
            double fin = pr.quality.applyAsDouble(model);
            pts.add(new double[]{r.seconds(), fin});
            double fit = pr.fit == null ? Double.NaN : pr.fit.applyAsDouble(model);
            out.add(new Curve(e.getKey(), pts, fin, fit, r.steps(), r.finishIterations()));
        }
        return out;
    }

    static double relL2(double[] truth, double[] est) {
        double e = 0, s = 0;
        for (int i = 0; i < truth.length; i++) { e += (truth[i] - est[i]) * (truth[i] - est[i]); s += truth[i] * truth[i]; }
        return Math.sqrt(e / s);
    }

    static double snrDb(double[] truth, double[] est) {
        double e = 0, s = 0;
        for (int i = 0; i < truth.length; i++) { e += (truth[i] - est[i]) * (truth[i] - est[i]); s += truth[i] * truth[i]; }
        return 10 * Math.log10(s / e);
    }
}
