package org.siren4j.core.train;

import org.siren4j.core.TestNets;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.FitTest;
import org.siren4j.core.Objective;
import org.siren4j.core.PointFunction;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Precision;
import org.siren4j.core.Residual;
import org.siren4j.core.Sampler;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.cpu.Workers;

class TrainingSessionTest {
    private static final Trainer.Listener QUIET = p -> { };

    static Objective sines(int n, double phase) {
        double[] t = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = -1 + 2.0 * i / (n - 1);
            y[i] = Math.sin(7 * t[i] + phase) + 0.5 * Math.sin(19 * t[i] - phase);
        }
        return new Objective(t, 1, List.of(Residual.mse("fit").term(ChannelRef.value(0)).target(y)));
    }

    /** A manufactured Poisson problem on [-1,1]^2: u = sin(pi x) sin(pi y), interior resampled, boundary minibatched. */
    static Objective poisson(int interior, int boundary) {
        PointFunction f = (p, o) -> -2 * Math.PI * Math.PI * Math.sin(Math.PI * p[o]) * Math.sin(Math.PI * p[o + 1]);
        double[] lo = {-1, -1}, hi = {1, 1};
        PointGroup in = PointGroup.sampled("interior", 2, interior, Sampler.box(lo, hi))
                .residual(Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).target(f));
        double[] edge = new double[2 * 100];
        Sampler.boxSurface(lo, hi).sample(new org.siren4j.core.Rng(42), edge, 100);
        PointGroup bc = PointGroup.fixed("boundary", 2, edge).batch(boundary).residual(Residual.mse("bc").term(ChannelRef.value(0)).weight(10));
        return Objective.of(2, in, bc);
    }

    /** A cosine over a time budget, read off a fake clock that moves one second per step. */
    @Test
    void schedulesRunOverSecondsWithAFakeClock() {
        AtomicLong clock = new AtomicLong();
        SirenModel model = SirenModel.create(new SirenSpec(1, 16, 1, 1, 30, 30), 1);
        Trainer.Config cfg = Trainer.Config.builder().seconds(10).schedule(Schedule.cosine(1e-3, 0)).clock(clock::get).noSpikeGuard().build();
        List<Double> rates = new ArrayList<>();
        try (FusedEngine e = new FusedEngine()) {
            Trainer.Result r = new Trainer(e).train(model, sines(200, 0), cfg, p -> {
                rates.add(p.learningRate());
                clock.addAndGet(1_000_000_000L);
            });
            assertThat(r.reason()).isEqualTo(Trainer.StopReason.TIME);
            assertThat(r.steps()).isEqualTo(10);
        }
        for (int k = 0; k < 10; k++)
            assertThat(rates.get(k)).isCloseTo(1e-3 * 0.5 * (1 + Math.cos(Math.PI * k / 10.0)), org.assertj.core.data.Offset.offset(1e-12));
        // the other schedules: ends and warm-up
        assertThat(Schedule.exponential(1e-3, 0.01).rate(1)).isCloseTo(1e-5, org.assertj.core.data.Offset.offset(1e-15));
        Schedule w = Schedule.constant(2e-4).warmup(0.1);
        assertThat(w.rate(0)).isLessThan(1e-5);
        assertThat(w.rate(0.05)).isBetween(0.9e-4, 1.1e-4);
        assertThat(w.rate(0.5)).isEqualTo(2e-4);
    }

    @Test
    void spikeGuardPutsBackTheBestWeightsAndLowersTheRate() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 16, 1, 1, 30, 30), 3);
        List<String> notices = new ArrayList<>();
        List<Double> losses = new ArrayList<>(), rates = new ArrayList<>();
        double[][] afterNotice = new double[1][];
        try (FusedEngine fused = new FusedEngine()) {
            // the 30th forward pass comes out 100x too large: a loss spike that stays finite
            TrainerTest.TamperOnce engine = new TrainerTest.TamperOnce(fused, 30, c -> {
                for (int i = 0; i < c.points(); i++) c.data()[i] *= 100;
            });
            List<double[]> weightsAtForward = new ArrayList<>();
            engine.beforeEach = () -> weightsAtForward.add(model.flatParameters());
            Trainer.Result r = new Trainer(engine).train(model, sines(300, 0.3), Trainer.Config.of(40, 1e-3).toBuilder().keep(Trainer.Keep.LAST).build(),
                    new Trainer.Listener() {
                        @Override public void onProgress(Trainer.Progress p) { losses.add(p.loss()); rates.add(p.learningRate()); }
                        @Override public void onNotice(String m) { notices.add(m); afterNotice[0] = model.flatParameters(); }
                    });
            assertThat(r.spikes()).isEqualTo(1);
            assertThat(r.steps()).isEqualTo(40);
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).contains("jumped").contains("best weights");
            // the weights put back are those at the forward pass of the lowest loss before the spike
            int best = 0;
            for (int i = 1; i < 29; i++) if (losses.get(i) < losses.get(best)) best = i;
            assertThat(afterNotice[0]).isEqualTo(weightsAtForward.get(best));
            assertThat(rates.get(29)).isCloseTo(rates.get(28) / 2, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** A checkpoint restores bit for bit, and a resumed run ends where an uninterrupted one ends. */
    @Test
    void checkpointRoundTripAndResumeFollowTheSameTrajectory(@TempDir Path dir) throws Exception {
        SirenSpec spec = new SirenSpec(2, 32, 1, 1, 10, 30);
        Trainer.Config cfg = Trainer.Config.builder().steps(24).schedule(Schedule.cosine(1e-3, 0.1)).seed(7).build();
        SirenModel a = SirenModel.create(spec, 5);
        Trainer.Result whole;
        try (FusedEngine e = new FusedEngine()) {
            whole = new Trainer(e).train(a, poisson(256, 32), cfg.toBuilder().keep(Trainer.Keep.LAST).build(), QUIET);
        }
        // interrupted after 12 steps (its checkpoint written every 4), then resumed in a fresh "process"
        Path ckpt = dir.resolve("run.ckpt");
        SirenModel b = SirenModel.create(spec, 5);
        try (FusedEngine e = new FusedEngine()) {
            Trainer t = new Trainer(e);
            t.train(b, poisson(256, 32), cfg.toBuilder().keep(Trainer.Keep.LAST).checkpoint(ckpt, 4).build(), p -> { if (p.step() == 12) t.cancel(); });
        }
        SirenModel c = SirenModel.create(spec, 99); // other weights: all must come from the file
        Trainer.Result resumed;
        try (FusedEngine e = new FusedEngine()) {
            resumed = new Trainer(e).train(c, poisson(256, 32), cfg.toBuilder().keep(Trainer.Keep.LAST).checkpoint(ckpt, 4).resume(true).build(), QUIET);
        }
        assertThat(resumed.steps()).isEqualTo(24);
        assertThat(resumed.lossHistory()).isEqualTo(whole.lossHistory());
        assertThat(c.flatParameters()).isEqualTo(a.flatParameters());

        // round trip: restore into a new session and save again gives the same bytes
        try (FusedEngine e = new FusedEngine()) {
            TrainingSession s = new TrainingSession(e, SirenModel.create(spec, 1), poisson(256, 32), cfg);
            s.restore(ckpt);
            Path again = dir.resolve("again.ckpt");
            s.save(again);
            assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(ckpt));
        }
        // a damaged checkpoint is refused with a message naming the file
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 1;
        Path bad = dir.resolve("bad.ckpt");
        Files.write(bad, bytes);
        try (FusedEngine e = new FusedEngine()) {
            TrainingSession s = new TrainingSession(e, SirenModel.create(spec, 1), poisson(256, 32), cfg);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.restore(bad)).hasMessageContaining("bad.ckpt").hasMessageContaining("checksum");
        }
    }

    /** After the same Adam phase, L-BFGS reaches a lower loss than more Adam steps of at least the same cost. */
    @Test
    void lbfgsFinishLowersTheLossBelowAdam() {
        SirenSpec spec = new SirenSpec(1, 32, 1, 1, 30, 30);
        Objective obj = sines(400, 0.1);
        Trainer.Config adamPhase = Trainer.Config.builder().steps(300).schedule(Schedule.cosine(2e-3, 0.05)).build();
        try (FusedEngine e = new FusedEngine()) {
            SirenModel a = SirenModel.create(spec, 2), b = SirenModel.create(spec, 2);
            Trainer.Result r = new Trainer(e).train(a, obj, adamPhase.toBuilder().finish(Trainer.Finish.lbfgs(60).maxIterations(150)).build(), QUIET);
            int lbfgsEvaluations = 150 * 3; // an upper bound on the line search's loss+gradient evaluations
            Trainer.Result adamOnly = new Trainer(e).train(b, obj, Trainer.Config.builder().steps(300 + lbfgsEvaluations)
                    .schedule(Schedule.cosine(2e-3, 0.05)).build(), QUIET);
            assertThat(r.finishIterations()).isGreaterThan(10);
            assertThat(r.finishLoss()).isLessThan(adamOnly.finalLoss() / 3);
        }
    }

    /**
     * The Levenberg-Marquardt finish: J^T u against the engine's gradient, J v against finite differences (both to
     * float32's precision: the products run in float32), then a fit.
     */
    @Test
    void levenbergMarquardtProductsAreExactAndTheFinishBeatsAdam() {
        SirenSpec spec = new SirenSpec(1, 16, 2, 1, 30, 30).withInputScale(1.5);
        SirenModel m = SirenModel.create(spec, Precision.FLOAT64, 3);
        Objective obj = sines(120, 0.7);
        double[] t = obj.coords(), y = obj.residuals().get(0).target();
        LevenbergMarquardt lm = new LevenbergMarquardt(m, t, y);
        lm.forward();
        double[] r = new double[t.length], jtr = new double[(int) spec.parameterCount()];
        for (int p = 0; p < t.length; p++) r[p] = lm.out[p] - y[p];
        lm.transposeTimes(r, jtr, false);
        try (FusedEngine e = new FusedEngine()) {
            double[] g = org.siren4j.core.TestNets.gradient(e, m, obj); // d mean(r^2) = 2/n J^T r
            for (int k = 0; k < g.length; k++) assertThat(2 * jtr[k] / t.length).isCloseTo(g[k], org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(g[k]))));
            double[] v = new double[g.length], w = m.flatParameters();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
            for (int k = 0; k < v.length; k++) v[k] = rnd.nextGaussian();
            lm.times(v);
            double eps = 1e-6;
            double[] plus = w.clone(), minus = w.clone();
            for (int k = 0; k < v.length; k++) { plus[k] += eps * v[k]; minus[k] -= eps * v[k]; }
            m.setFlatParameters(plus);
            double[] up = m.evaluate(e, t, t.length);
            m.setFlatParameters(minus);
            double[] um = m.evaluate(e, t, t.length);
            m.setFlatParameters(w);
            for (int p = 0; p < t.length; p++) assertThat(lm.outDot[p]).isCloseTo((up[p] - um[p]) / (2 * eps), org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(lm.outDot[p]))));

            // after the same Adam phase, 40 LM steps go well below 600 more Adam steps
            SirenSpec small = new SirenSpec(1, 32, 1, 1, 30, 30);
            Trainer.Config adamPhase = Trainer.Config.builder().steps(300).schedule(Schedule.cosine(2e-3, 0.05)).build();
            SirenModel a = SirenModel.create(small, 2), b = SirenModel.create(small, 2);
            Objective fit = sines(400, 0.1);
            Trainer.Result withLm = new Trainer(e).train(a, fit, adamPhase.toBuilder().finish(Trainer.Finish.levenbergMarquardt(60).maxIterations(40)).build(), QUIET);
            Trainer.Result adamOnly = new Trainer(e).train(b, fit, Trainer.Config.builder().steps(900).schedule(Schedule.cosine(2e-3, 0.05)).build(), QUIET);
            assertThat(withLm.finishIterations()).isEqualTo(40);
            assertThat(withLm.finalLoss()).isLessThan(adamOnly.finalLoss() / 3);
            // and it refuses an objective that is not a data fit
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Trainer(e).train(SirenModel.create(new SirenSpec(2, 16, 1, 1, 3, 30), 1),
                    poisson(64, 16), Trainer.Config.of(2, 1e-4).toBuilder().finish(Trainer.Finish.levenbergMarquardt(1)).build(), QUIET))
                    .hasMessageContaining("fits data");
        }
    }

    /** K models trained at once equal each trained alone on a one-thread engine; close to a two-thread one. */
    @Test
    void manyModelsAtOnceEqualModelsTrainedAlone() {
        SirenSpec spec = new SirenSpec(1, 16, 1, 1, 30, 30);
        int k = 5;
        Trainer.Config cfg = Trainer.Config.of(40, 1e-3);
        List<SirenModel> batch = new ArrayList<>();
        List<Objective> objs = new ArrayList<>();
        for (int i = 0; i < k; i++) { batch.add(SirenModel.create(spec, i)); objs.add(sines(300, i)); }
        List<Trainer.Result> rs = ManyModels.train(batch, objs, cfg, 2, (i, p) -> { });
        assertThat(rs).hasSize(k);
        try (FusedEngine one = new FusedEngine(new Workers(1)); FusedEngine two = new FusedEngine()) {
            for (int i = 0; i < k; i++) {
                SirenModel alone = SirenModel.create(spec, i), alone2 = SirenModel.create(spec, i);
                new Trainer(one).train(alone, sines(300, i), cfg, QUIET);
                new Trainer(two).train(alone2, sines(300, i), cfg, QUIET);
                assertThat(batch.get(i).flatParameters()).isEqualTo(alone.flatParameters());
                double[] w = batch.get(i).flatParameters(), w2 = alone2.flatParameters();
                for (int j = 0; j < w.length; j++) assertThat(w[j]).isCloseTo(w2[j], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(w2[j]))));
                assertThat(rs.get(i).lossHistory()[39]).isLessThan(rs.get(i).lossHistory()[0]);
            }
        }
    }

    /** Clipping scales the gradient Adam sees down to the given global norm. */
    @Test
    void gradientNormClippingScalesTheGradient() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 16, 1, 1, 30, 30), 6);
        Objective obj = sines(200, 0.4);
        try (FusedEngine e = new FusedEngine()) {
            double[] g = org.siren4j.core.TestNets.gradient(e, model, obj);
            double norm = Math.sqrt(java.util.Arrays.stream(g).map(v -> v * v).sum()), clip = norm / 8;
            TrainingSession s = new TrainingSession(e, model, obj, Trainer.Config.of(1, 1e-3).toBuilder().clipGradientNorm(clip).build());
            s.step(QUIET);
            Adam adam = s.optimizer();
            int k = 0;
            for (int p = 0; p < adam.mf.length; p++) {
                int len = adam.mf[p] != null ? adam.mf[p].length : adam.m[p].length;
                for (int i = 0; i < len; i++, k++) {
                    double m1 = adam.mf[p] != null ? adam.mf[p][i] : adam.m[p][i]; // first moment: (1 - beta1) g'
                    assertThat(m1).isCloseTo(0.1 * g[k] / 8, org.assertj.core.data.Offset.offset(1e-6 * norm));
                }
            }
            assertThat(k).isEqualTo(g.length);
        }
    }

    /** The fitted SNR check that guards the rest: the returned (best) weights fit the target. */
    @Test
    void bestWeightsAreReturned() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 32, 1, 1, 30, 30), 4);
        Objective obj = sines(300, 0.2);
        try (FusedEngine e = new FusedEngine()) {
            Trainer.Result r = new Trainer(e).train(model, obj, Trainer.Config.of(200, 1e-3), QUIET);
            double min = java.util.Arrays.stream(r.lossHistory()).min().orElseThrow();
            assertThat(r.finalLoss()).isLessThanOrEqualTo(min * 1.0000001);
            double[] y = obj.residuals().get(0).target();
            assertThat(FitTest.snrDb(y, model.evaluate(e, obj.coords(), obj.points()))).isGreaterThan(10);
        }
    }
}
