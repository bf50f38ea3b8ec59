package org.siren4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.siren4j.core.Buf;
import org.siren4j.core.Channels;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.train.Adam;

/**
 * One training step (forward, loss, backward, Adam) of the standard cases, and the preallocated sgemm
 * that bounds it, in the same run: the step's share of the sgemm rate is the figure that matters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepJmhBenchmark {
    @Param({"value-8192", "value-65536", "laplacian-8192"})
    public String name;

    SirenEngine engine;
    SirenModel model;
    Objective objective;
    double[] adjoint;
    List<Buf> grads = new ArrayList<>();
    Adam adam;
    Buf a, b, c;

    @Setup(Level.Trial)
    public void setup() {
        StepBenchmark.Case cs = StepBenchmark.standardCases().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        engine = Engines.cpu();
        model = SirenModel.create(new SirenSpec(cs.inputs(), 256, 3, 1, 30, 30), 0);
        objective = StepBenchmark.objective(cs);
        adjoint = new double[objective.request().channelCount() * objective.points()];
        for (Buf p : model.parameters()) grads.add(p.zerosLike());
        adam = new Adam(model.parameters());
        a = Buf.create(Precision.FLOAT32, 8192, 256);
        b = Buf.create(Precision.FLOAT32, 256, 256);
        c = Buf.create(Precision.FLOAT32, 8192, 256);
    }

    @TearDown(Level.Trial)
    public void tearDown() { engine.close(); }

    @Benchmark
    public double trainingStep() {
        Channels y = engine.forward(model, objective.request(), objective.coords(), objective.points());
        double loss = objective.evaluate(y, null, adjoint);
        engine.backward(adjoint, grads);
        adam.step(grads, 1e-5);
        return loss;
    }

    /** [8192,256] x [256,256]^T into a preallocated output: 1.07 GFLOP. */
    @Benchmark
    public void sgemm8192() {
        Blas.gemm(false, true, 8192, 256, 256, a, 256, b, 256, 0, c, 256);
    }
}
