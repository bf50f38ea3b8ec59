package org.siren4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.siren4j.core.Buf;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Channels;
import org.siren4j.core.Objective;
import org.siren4j.core.Precision;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.train.Adam;

/**
 * Times full training steps (forward, loss, backward, Adam) the way {@code siren_ref.py bench} does, and
 * the machine's own sgemm rate in the same process, so results read as ratios, not absolute numbers.
 */
public final class StepBenchmark {
    private StepBenchmark() {}

    public record Case(String name, int inputs, int batch, String loss) {}

    public record CaseResult(Case spec, double msPerStep, double gflops, double minMs, double maxMs) {}

    /** The three cases of the foundation issue: value loss at 8192 and 65536, Laplacian at 8192 (in=2). */
    public static List<Case> standardCases() {
        return List.of(new Case("value-8192", 1, 8192, "value"), new Case("value-65536", 1, 65536, "value"),
                new Case("laplacian-8192", 2, 8192, "laplacian"));
    }

    /**
     * The sgemm rate a training step can reach: the step's own three GEMM shapes at [8192, 256] (forward
     * {@code H W^T}, adjoint {@code A W}, weight gradient {@code A^T H}), preallocated, after the same 3 s
     * warm-up the step gets; each shape's best of {@code repeats} runs, combined as the step mixes them.
     * A median of one shape read below what the step itself reached, so "% of sgemm" could pass 100%.
     */
    public static double sgemmGflops(int repeats) {
        int m = 8192, k = 256;
        Buf h = Buf.create(Precision.FLOAT32, m, k), w = Buf.create(Precision.FLOAT32, k, k), out = Buf.create(Precision.FLOAT32, m, k);
        Buf dw = Buf.create(Precision.FLOAT32, k, k);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < h.length; i++) h.set(i, r.nextDouble() - 0.5);
        for (int i = 0; i < w.length; i++) w.set(i, r.nextDouble() - 0.5);
        Runnable[] shapes = {
            () -> Blas.gemm(false, true, m, k, k, h, k, w, k, 0, out, k),   // forward: H W^T
            () -> Blas.gemm(false, false, m, k, k, h, k, w, k, 0, out, k),  // adjoint: A W
            () -> Blas.gemm(true, false, k, k, m, h, k, out, k, 0, dw, k),  // weight gradient: A^T H
        };
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) for (Runnable g : shapes) g.run();
        double total = 0;
        for (Runnable g : shapes) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                g.run();
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            total += best;
        }
        return shapes.length * 2.0 * m * k * k / total * 1e-9;
    }

    /** The objective of a case: the same target as siren_ref.py, sin(3 * sum(x)), on uniform points. */
    public static Objective objective(Case c) {
        SplittableRandom r = new SplittableRandom(0);
        double[] x = new double[c.batch() * c.inputs()];
        double[] target = new double[c.batch()];
        for (int p = 0; p < c.batch(); p++) {
            double s = 0;
            for (int j = 0; j < c.inputs(); j++) { x[p * c.inputs() + j] = 2 * r.nextDouble() - 1; s += x[p * c.inputs() + j]; }
            target[p] = Math.sin(3 * s);
        }
        ChannelRef ch = c.loss().equals("laplacian") ? ChannelRef.laplacian(0, c.inputs()) : ChannelRef.value(0);
        return new Objective(x, c.inputs(), List.of(Residual.mse(c.loss()).term(ch).target(target)));
    }

    public static CaseResult run(Case c, SirenEngine engine, int steps) {
        SirenSpec spec = new SirenSpec(c.inputs(), 256, 3, 1, 30, 30);
        SirenModel model = SirenModel.create(spec, 0);
        Objective obj = objective(c);
        int n = obj.points();
        double[] adj = new double[obj.request().channelCount() * n];
        List<Buf> grads = new ArrayList<>();
        for (Buf p : model.parameters()) grads.add(p.zerosLike());
        Adam adam = new Adam(model.parameters());
        // warm-up: at least 3 steps and 3 seconds. The JIT compiles the vector kernels on the same two
        // cores for about a second; with 3 warm-up steps alone a 60 ms step measured 130-200 ms.
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) step(engine, model, obj, adj, grads, adam);
        double[] t = new double[steps];
        for (int i = 0; i < steps; i++) {
            long t0 = System.nanoTime();
            step(engine, model, obj, adj, grads, adam);
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        double med = median(t);
        double rows = (double) n * obj.request().channelCount(), w = spec.hidden();
        double flops = 6 * rows * w * w * (spec.sineLayers() - 1) + 6 * rows * w * spec.outputs();
        return new CaseResult(c, med * 1e3, flops / med * 1e-9, Arrays.stream(t).min().orElse(0) * 1e3, Arrays.stream(t).max().orElse(0) * 1e3);
    }

    private static void step(SirenEngine engine, SirenModel model, Objective obj, double[] adj, List<Buf> grads, Adam adam) {
        Channels y = engine.forward(model, obj.request(), obj.coords(), obj.points());
        obj.evaluate(y, null, adj);
        engine.backward(adj, grads);
        adam.step(grads, 1e-4);
    }

    /**
     * Rendering speed of the paper's audio model (1->256x3->1, w0 3000): seconds of audio at
     * {@code rate} produced per second of wall time, over a {@code seconds}-long clip.
     */
    public static double renderRealtimeFactor(SirenEngine engine, int rate, double seconds) {
        SirenModel model = SirenModel.create(SirenSpec.audio(), 0);
        int n = (int) Math.round(rate * seconds);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = -1 + 2.0 * i / (n - 1);
        for (int w = 0; w < 2; w++) model.evaluate(engine, t, n); // warm-up, JIT included
        double[] runs = new double[5];
        for (int r = 0; r < runs.length; r++) {
            long t0 = System.nanoTime();
            model.evaluate(engine, t, n);
            runs[r] = (System.nanoTime() - t0) * 1e-9;
        }
        return seconds / median(runs);
    }

    /** Peak resident memory of this process so far (VmHWM), in bytes; -1 where /proc is missing. */
    public static long peakRssBytes() { return procStatus("VmHWM:"); }

    /** Resident memory now (VmRSS), in bytes; -1 where /proc is missing. */
    public static long rssBytes() { return procStatus("VmRSS:"); }

    private static long procStatus(String key) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
                if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
