package org.siren4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A SIREN's parameters: for each linear map {@code i}, a weight matrix {@code W_i [fanOut, fanIn]} and a bias
 * {@code b_i [fanOut]}, held in dense native arrays of one {@link Precision}, plus a metadata map (time span, sample
 * rate, amplitude scale, problem name, ...) that travels with the model file.
 */
public final class SirenModel {
    private final SirenSpec spec;
    private final Precision type;
    private final List<Buf> weights;
    private final List<Buf> biases;
    private final List<Buf> parameters;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private SirenModel(SirenSpec spec, Precision type) {
        this.spec = spec;
        this.type = type;
        List<Buf> w = new ArrayList<>();
        List<Buf> b = new ArrayList<>();
        for (int i = 0; i < spec.linearLayers(); i++) {
            w.add(Buf.create(type, spec.fanOut(i), spec.fanIn(i)));
            b.add(Buf.create(type, 1, spec.fanOut(i)));
        }
        this.weights = Collections.unmodifiableList(w);
        this.biases = Collections.unmodifiableList(b);
        List<Buf> all = new ArrayList<>(2 * w.size());
        for (int i = 0; i < w.size(); i++) {
            all.add(w.get(i));
            all.add(b.get(i));
        }
        this.parameters = Collections.unmodifiableList(all);
    }

    /** All parameters zero; fill them with {@link #initialize(long)} or by loading. */
    public static SirenModel zeros(SirenSpec spec, Precision type) { return new SirenModel(spec, type); }

    /** A float32 model (the training type) with the paper's initialisation. */
    public static SirenModel create(SirenSpec spec, long seed) { return create(spec, Precision.FLOAT32, seed); }

    /** A model with the paper's initialisation, identical for the same seed on every run and machine. */
    public static SirenModel create(SirenSpec spec, Precision type, long seed) {
        SirenModel m = new SirenModel(spec, type);
        m.initialize(seed);
        return m;
    }

    /**
     * The paper's init: first layer {@code W ~ U(-1/fan_in, 1/fan_in)}; every later layer, the output
     * included, {@code W ~ U(-sqrt(6/fan_in)/w_hidden, +...)}; biases {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}
     * (torch.nn.Linear's default, which the official code keeps). Pre-activations are then ~N(0,1) at any depth.
     */
    public void initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < spec.linearLayers(); i++) {
            int fanIn = spec.fanIn(i);
            double wLim = i == 0 ? 1.0 / fanIn : Math.sqrt(6.0 / fanIn) / spec.w0Hidden();
            double bLim = 1.0 / Math.sqrt(fanIn);
            Buf w = weights.get(i);
            for (int k = 0; k < w.length; k++) w.set(k, uniform(rnd, wLim));
            Buf b = biases.get(i);
            for (int k = 0; k < b.length; k++) b.set(k, uniform(rnd, bLim));
        }
    }

    private static double uniform(SplittableRandom rnd, double lim) { return (2 * rnd.nextDouble() - 1) * lim; }

    public SirenSpec spec() { return spec; }

    public Precision precision() { return type; }

    /** {@code W_i}, shape {@code [fanOut, fanIn]}, row-major. */
    public Buf weight(int layer) { return weights.get(layer); }

    /** {@code b_i}, shape {@code [1, fanOut]}. */
    public Buf bias(int layer) { return biases.get(layer); }

    /** Every parameter array in a fixed order: W_0, b_0, W_1, b_1, ... (one shared, unmodifiable list). */
    public List<Buf> parameters() { return parameters; }

    public Map<String, String> metadata() { return metadata; }

    /** A deep copy in the given precision (metadata included). */
    public SirenModel copy(Precision newType) {
        SirenModel m = new SirenModel(spec, newType);
        List<Buf> src = parameters(), dst = m.parameters();
        for (int i = 0; i < src.size(); i++) dst.get(i).copyFrom(src.get(i));
        m.metadata.putAll(metadata);
        return m;
    }

    /** Copies every parameter value from a model of the same spec. */
    public void setParameters(SirenModel other) {
        if (!other.spec.equals(spec)) throw new IllegalArgumentException("spec mismatch: " + other.spec + " vs " + spec);
        List<Buf> src = other.parameters(), dst = parameters();
        for (int i = 0; i < src.size(); i++) dst.get(i).copyFrom(src.get(i));
    }

    /** Parameters in one flat array, in {@link #parameters()} order. */
    public double[] flatParameters() {
        double[] out = new double[Math.toIntExact(spec.parameterCount())];
        int k = 0;
        for (Buf p : parameters()) for (int i = 0; i < p.length; i++) out[k++] = p.get(i);
        return out;
    }

    public void setFlatParameters(double[] flat) {
        int k = 0;
        for (Buf p : parameters()) for (int i = 0; i < p.length; i++) p.set(i, flat[k++]);
    }

    /** Evaluates output 0 at {@code n} points {@code x[n*inputs]}, value only, with the given engine. */
    public double[] evaluate(SirenEngine engine, double[] x, int n) { return evaluate(engine, x, n, 0); }

    /** Evaluates one output at {@code n} points. */
    public double[] evaluate(SirenEngine engine, double[] x, int n, int output) {
        if (output < 0 || output >= spec.outputs()) throw new IllegalArgumentException("no output " + output + " in a " + spec.outputs() + "-output model");
        return engine.evaluate(this, DerivativeRequest.valueOnly(spec.inputs()), x, n).values(output);
    }

    /** Every output at {@code n} points: {@code [output][point]}. */
    public double[][] evaluateAll(SirenEngine engine, double[] x, int n) {
        Channels c = engine.evaluate(this, DerivativeRequest.valueOnly(spec.inputs()), x, n);
        double[][] out = new double[spec.outputs()][];
        for (int o = 0; o < out.length; o++) out[o] = c.values(o);
        return out;
    }
}
