package org.siren4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siren4j.core.Buf;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Channels;
import org.siren4j.core.DerivativeRequest;
import org.siren4j.core.FitTest;
import org.siren4j.core.GradientOracleTest;
import org.siren4j.core.Objective;
import org.siren4j.core.Precision;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.TestNets;
import org.siren4j.core.cpu.FusedEngine;

class TrainerTest {

    static Objective sineObjective(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = -1 + 2.0 * i / (n - 1);
        return new Objective(t, 1, List.of(Residual.mse("fit").term(ChannelRef.value(0)).target(FitTest.sumOfSines(t))));
    }

    /** Wraps an engine and changes the output of one forward call (a NaN, a spike) by {@code tamper}. */
    static final class TamperOnce implements SirenEngine {
        final SirenEngine inner;
        final int call;
        final java.util.function.Consumer<Channels> tamper;
        final List<Channels> seen = new ArrayList<>();
        int calls;
        Runnable beforeEach = () -> { };

        TamperOnce(SirenEngine inner, int call, java.util.function.Consumer<Channels> tamper) {
            this.inner = inner;
            this.call = call;
            this.tamper = tamper;
        }

        @Override public Channels forward(SirenModel m, DerivativeRequest r, double[] x, int n) {
            beforeEach.run();
            Channels c = inner.forward(m, r, x, n);
            if (++calls == call) tamper.accept(c);
            return c;
        }

        @Override public void backward(double[] adj, List<Buf> g, boolean acc) { inner.backward(adj, g, acc); }

        @Override public String name() { return "tamper"; }
    }

    @Test
    void nonFiniteLossRollsBackAndHalvesTheRate() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 16, 1, 1, 30, 30), 3);
        Objective obj = sineObjective(200);
        List<String> notices = new ArrayList<>();
        List<double[]> weightsAfterStep = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        try (FusedEngine fused = new FusedEngine()) {
            Trainer trainer = new Trainer(new TamperOnce(fused, 4, c -> c.data()[0] = Double.NaN));
            Trainer.Result r = trainer.train(model, obj, Trainer.Config.of(6, 1e-3), new Trainer.Listener() {
                @Override public void onProgress(Trainer.Progress p) { weightsAfterStep.add(model.flatParameters()); rates.add(p.learningRate()); }
                @Override public void onNotice(String m) { notices.add(m); weightsAfterStep.add(model.flatParameters()); }
            });
            assertThat(r.steps()).isEqualTo(6);
            assertThat(r.rollbacks()).isEqualTo(1);
        }
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0)).contains("not finite").contains("rolled back").contains("halved");
        // entries: after steps 1, 2, 3, then the notice (weights rolled back to those after step 2), then steps 4..6
        assertThat(weightsAfterStep.get(3)).isEqualTo(weightsAfterStep.get(1));
        assertThat(rates.get(3)).isEqualTo(rates.get(0) / 2);
        for (double[] w : weightsAfterStep) for (double v : w) assertThat(Double.isFinite(v)).isTrue();
    }

    @Test
    void stopsOnTargetMetricAndOnCancel() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 32, 1, 1, 60, 30), 3);
        Objective obj = sineObjective(500);
        double[] truth = obj.residuals().get(0).target();
        try (FusedEngine fused = new FusedEngine()) {
            Trainer.Metric snr = new Trainer.Metric() {
                public String name() { return "snr_db"; }
                public double measure(SirenModel m) { return FitTest.snrDb(truth, m.evaluate(fused, obj.coords(), obj.points())); }
            };
            Trainer.Result r = new Trainer(fused).train(model, obj, Trainer.Config.of(5000, 1e-3).toBuilder().metric(snr, 10, 15).build(), p -> { });
            assertThat(r.reason()).isEqualTo(Trainer.StopReason.TARGET);
            assertThat(r.bestMetric()).isGreaterThanOrEqualTo(15);
            assertThat(r.steps()).isLessThan(5000);

            Trainer trainer = new Trainer(fused);
            Trainer.Result c = trainer.train(model, obj, Trainer.Config.of(5000, 1e-4), p -> { if (p.step() == 7) trainer.cancel(); });
            assertThat(c.reason()).isEqualTo(Trainer.StopReason.CANCELLED);
            assertThat(c.steps()).isEqualTo(7);
        }
    }

    @Test
    void minibatchTrainingLowersTheLoss() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 32, 1, 1, 60, 30), 4);
        Objective obj = sineObjective(2000);
        obj.groups().get(0).batch(256);
        try (FusedEngine fused = new FusedEngine()) {
            Trainer.Result r = new Trainer(fused).train(model, obj, Trainer.Config.of(300, 1e-3).toBuilder().seed(5).build(), p -> { });
            double[] h = r.lossHistory();
            assertThat(h[h.length - 1]).isLessThan(h[0] * 0.1);
        }
    }

    /**
     * Work between steps (a problem's coefficients fitted with the weights held) runs every N Adam steps, never after
     * the last, and before each N-iteration piece of the L-BFGS finish, which goes on from the weights it was given.
     */
    @Test
    void betweenStepsWorkRunsOnScheduleInBothPhases() {
        SirenModel model = SirenModel.create(new SirenSpec(1, 16, 1, 1, 30, 30), 6);
        Objective obj = sineObjective(300);
        List<Long> adamSteps = new ArrayList<>();
        int[] calls = {0};
        try (FusedEngine fused = new FusedEngine()) {
            Trainer.Result r = new Trainer(fused).train(model, obj, Trainer.Config.of(100, 1e-3).toBuilder().seed(5)
                    .finish(Trainer.Finish.lbfgsIterations(60)).between(25, m -> calls[0]++).build(),
                    p -> { if (p.step() <= 100 && p.learningRate() > 0 && calls[0] > adamSteps.size()) adamSteps.add(p.step()); });
            assertThat(adamSteps).containsExactly(25L, 50L, 75L);
            int pieces = (r.finishIterations() + 24) / 25;
            assertThat(calls[0]).isEqualTo(3 + pieces);
            assertThat(r.finishIterations()).isPositive();
            assertThat(r.finishLoss()).isLessThan(r.lossHistory()[r.lossHistory().length - 1]);
        }
    }

    /** A batch done in chunks gives the same training as one pass: same losses, same weights. */
    @Test
    void chunkedBatchesTrainLikeOnePass() {
        int d = 2, n = 300;
        Objective obj = GradientOracleTest.mixedObjective(d, n);
        SirenModel a = TestNets.model(d, 2, 8), b = a.copy(Precision.FLOAT64);
        try (FusedEngine e = new FusedEngine()) {
            Trainer.Result whole = new Trainer(e).train(a, obj, Trainer.Config.of(5, 1e-4), p -> { });
            Trainer.Result parts = new Trainer(e).train(b, obj, Trainer.Config.of(5, 1e-4).toBuilder().chunk(77).build(), p -> { });
            for (int i = 0; i < 5; i++) assertThat(parts.lossHistory()[i]).isCloseTo(whole.lossHistory()[i], org.assertj.core.data.Offset.offset(1e-9 * Math.abs(whole.lossHistory()[i])));
            double[] wa = a.flatParameters(), wb = b.flatParameters();
            for (int i = 0; i < wa.length; i++) assertThat(wb[i]).isCloseTo(wa[i], org.assertj.core.data.Offset.offset(1e-9));
            // minibatches in chunks too
            SirenModel c = TestNets.model(d, 2, 8), c2 = c.copy(Precision.FLOAT64);
            obj.groups().get(0).batch(120);
            new Trainer(e).train(c, obj, Trainer.Config.of(3, 1e-4).toBuilder().seed(3).build(), p -> { });
            new Trainer(e).train(c2, obj, Trainer.Config.of(3, 1e-4).toBuilder().seed(3).chunk(50).build(), p -> { });
            double[] wc = c.flatParameters(), wc2 = c2.flatParameters();
            for (int i = 0; i < wc.length; i++) assertThat(wc2[i]).isCloseTo(wc[i], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** A warm training step allocates nothing on the Java heap (engine, loss, backward, Adam). */
    @Test
    void warmStepAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SirenModel model = SirenModel.create(new SirenSpec(2, 32, 2, 1, 30, 30), 5);
        int n = 512;
        double[] x = TestNets.points(n, 2, 1);
        Objective obj = new Objective(x, 2, List.of(Residual.mse("lap").term(ChannelRef.laplacian(0, 2)).target(TestNets.randomArray(n, 2)),
                Residual.mse("v").term(ChannelRef.value(0))));
        double[] adj = new double[obj.request().channelCount() * n];
        List<Buf> grads = new ArrayList<>();
        for (Buf p : model.parameters()) grads.add(p.zerosLike());
        Adam adam = new Adam(model.parameters());
        try (FusedEngine fused = new FusedEngine()) {
            Runnable step = () -> {
                Channels y = fused.forward(model, obj.request(), x, n);
                obj.evaluate(y, null, adj);
                fused.backward(adj, grads);
                adam.step(grads, 1e-5);
            };
            for (int i = 0; i < 300; i++) step.run(); // warm up, JIT included
            long before = totalAllocated(mx);
            for (int i = 0; i < 1000; i++) step.run();
            long perStep = (totalAllocated(mx) - before) / 1000;
            assertThat(perStep).as("bytes allocated per warm step").isLessThan(64);
        }
    }

    /**
     * The same steps give the same bits on 1, 2 and 3 threads (workers and BLAS alike): a Laplacian loss on 3000 points
     * (18000 channel rows: several row blocks and gradient chunks of the products), two hidden layers. With OpenBLAS's
     * own threads and four blocks a worker, each thread count gave other bits.
     */
    @Test
    void theStepsBitsDoNotDependOnTheThreadCount() {
        int n = 3000;
        double[] x = TestNets.points(n, 2, 3);
        Objective obj = new Objective(x, 2, List.of(Residual.mse("lap").term(ChannelRef.laplacian(0, 2)).target(TestNets.randomArray(n, 4)),
                Residual.mse("v").term(ChannelRef.value(0))));
        List<float[]> results = new ArrayList<>();
        int blas = org.siren4j.core.cpu.Blas.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                org.siren4j.core.cpu.Blas.setThreads(threads);
                SirenModel model = SirenModel.create(new SirenSpec(2, 64, 2, 1, 30, 30), 6);
                double[] adj = new double[obj.request().channelCount() * n];
                List<Buf> grads = new ArrayList<>();
                for (Buf p : model.parameters()) grads.add(p.zerosLike());
                Adam adam = new Adam(model.parameters());
                try (org.siren4j.core.cpu.Workers team = new org.siren4j.core.cpu.Workers(threads); FusedEngine fused = new FusedEngine(team)) {
                    for (int i = 0; i < 5; i++) {
                        Channels y = fused.forward(model, obj.request(), x, n);
                        obj.evaluate(y, null, adj);
                        fused.backward(adj, grads);
                        adam.step(grads, 1e-4);
                    }
                }
                List<Float> all = new ArrayList<>();
                for (Buf p : model.parameters()) for (int i = 0; i < p.length; i++) all.add((float) p.get(i));
                float[] f = new float[all.size()];
                for (int i = 0; i < f.length; i++) f[i] = all.get(i);
                results.add(f);
            }
        } finally {
            org.siren4j.core.cpu.Blas.setThreads(blas);
        }
        assertThat(results.get(1)).as("2 threads against 1").containsExactly(results.get(0));
        assertThat(results.get(2)).as("3 threads against 1").containsExactly(results.get(0));
    }

    /** A training session over two point groups with other channel sets allocates (almost) nothing per warm step. */
    @Test
    void warmSessionStepOverGroupsAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SirenModel model = SirenModel.create(new SirenSpec(2, 32, 2, 1, 30, 30), 5);
        org.siren4j.core.PointGroup in = org.siren4j.core.PointGroup.sampled("interior", 2, 512,
                        org.siren4j.core.Sampler.box(new double[]{-1, -1}, new double[]{1, 1}))
                .residual(Residual.mse("lap").term(ChannelRef.laplacian(0, 2)).target((p, o) -> Math.sin(p[o])));
        org.siren4j.core.PointGroup bc = org.siren4j.core.PointGroup.fixed("boundary", 2, TestNets.points(300, 2, 1)).batch(64)
                .residual(Residual.mse("bc").term(ChannelRef.value(0)));
        Objective obj = Objective.of(2, in, bc);
        try (FusedEngine fused = new FusedEngine()) {
            TrainingSession s = new TrainingSession(fused, model, obj, Trainer.Config.of(100000, 1e-5));
            Trainer.Listener quiet = p -> { };
            // warm up: C2 compiles the kernels of both groups' passes within a few seconds; until then the
            // Vector API runs interpreted and boxes
            long until = System.nanoTime() + 5_000_000_000L;
            for (int i = 0; i < 300 || System.nanoTime() < until; i++) s.step(quiet);
            long before = totalAllocated(mx);
            for (int i = 0; i < 1000; i++) s.step(quiet);
            long perStep = (totalAllocated(mx) - before) / 1000;
            assertThat(perStep).as("bytes allocated per warm session step").isLessThan(128);
        }
    }

    private static long totalAllocated(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t == Thread.currentThread() || t.getName().startsWith("siren-worker")) sum += mx.getThreadAllocatedBytes(t.getId());
        return sum;
    }
}
