package org.siren4j.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.siren4j.core.cpu.SinCos;
import org.siren4j.core.cpu.VectorSine;
import org.siren4j.core.cpu.Vectors;

/**
 * The elementwise kernels on one [8192, 256] layer, single-threaded, against the baselines they replace:
 * {@code Math.sin} + {@code Math.cos} in a scalar loop, and the scalar double-precision {@link SinCos}.
 * Read as ratios within one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    static final int ROWS = 8192, W = 256;
    ByteBuffer z, s, c;
    float[] bias = new float[W], tmp = new float[W], acc = new float[W];
    float[] zHeap = new float[ROWS * W], sHeap = new float[ROWS * W], cHeap = new float[ROWS * W];

    @Setup
    public void setup() {
        z = Vectors.direct(ROWS * W);
        s = Vectors.direct(ROWS * W);
        c = Vectors.direct(ROWS * W);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < ROWS * W; i++) { zHeap[i] = (float) r.nextGaussian(); z.putFloat(4 * i, zHeap[i]); }
    }

    /** The forward pass's sin and cos of one layer: vectorised row operation. */
    @Benchmark
    public void sinCosVector() {
        for (int row = 0; row < ROWS; row++) VectorSine.sinCosRow(z, row * W, bias, 30f, s, row * W, c, row * W, tmp, W);
    }

    /** The same with java.lang.Math (the baseline: it does not vectorise). */
    @Benchmark
    public void sinCosMath() {
        for (int i = 0; i < ROWS * W; i++) {
            double u = 30.0 * zHeap[i];
            sHeap[i] = (float) Math.sin(u);
            cHeap[i] = (float) Math.cos(u);
        }
    }

    /** The scalar fallback's double-precision sin/cos. */
    @Benchmark
    public void sinCosScalar(Blackhole bh) {
        double[] cs = new double[1];
        for (int i = 0; i < ROWS * W; i++) {
            sHeap[i] = (float) SinCos.sin(30.0 * zHeap[i], cs);
            cHeap[i] = (float) cs[0];
        }
        bh.consume(sHeap);
    }

    /** Sine alone, as rendering computes it (reduction by pi, one polynomial). */
    @Benchmark
    public void sinVector() {
        for (int row = 0; row < ROWS; row++) VectorSine.sinRow(z, row * W, bias, 30f, s, row * W, tmp, acc, W);
    }
}
