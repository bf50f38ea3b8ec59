package org.siren4j.core;

/**
 * The shape of a SIREN: {@code inputs -> sine(hidden) -> hiddenLayers x sine(hidden) -> linear(outputs)}.
 *
 * <p>{@code hiddenLayers} counts the hidden-to-hidden sine layers (the official code's
 * {@code num_hidden_layers}), so the network has {@code hiddenLayers + 2} linear maps. Layer {@code i}
 * computes {@code sin(w_i (W_i h + b_i))} with {@code w_0 = w0First} and {@code w_i = w0Hidden} after it;
 * the last map is linear.
 */
public record SirenSpec(int inputs, int hidden, int hiddenLayers, int outputs, double w0First, double w0Hidden,
                        double[] inputScale) {

    /** A spec with every input scale 1. */
    public SirenSpec(int inputs, int hidden, int hiddenLayers, int outputs, double w0First, double w0Hidden) {
        this(inputs, hidden, hiddenLayers, outputs, w0First, w0Hidden, null);
    }

    /**
     * {@code inputScale[j]} multiplies coordinate j before the first layer, so one net can take time and space
     * on their natural ranges (a wave that travels 1 unit in 0.25 time units wants time scaled by 4): in
     * effect input j meets the frequency {@code w0First * inputScale[j]}. Null means all ones.
     */
    public SirenSpec {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1, got " + inputs);
        if (hidden < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
        if (hiddenLayers < 0) throw new IllegalArgumentException("hidden layers must be >= 0, got " + hiddenLayers);
        if (outputs < 1) throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        if (!(w0First > 0) || !(w0Hidden > 0) || Double.isInfinite(w0First) || Double.isInfinite(w0Hidden))
            throw new IllegalArgumentException("w0 must be positive and finite");
        if (inputScale == null) {
            inputScale = new double[inputs];
            java.util.Arrays.fill(inputScale, 1.0);
        } else {
            if (inputScale.length != inputs)
                throw new IllegalArgumentException("input scale needs " + inputs + " entries, got " + inputScale.length);
            for (double v : inputScale)
                if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("input scales must be positive and finite");
            inputScale = inputScale.clone();
        }
    }

    /** This spec with coordinate j multiplied by {@code scale[j]} before the first layer. */
    public SirenSpec withInputScale(double... scale) {
        return new SirenSpec(inputs, hidden, hiddenLayers, outputs, w0First, w0Hidden, scale);
    }

    @Override
    public double[] inputScale() { return inputScale.clone(); }

    /** The scale of coordinate j. */
    public double inputScale(int j) { return inputScale[j]; }

    /** Whether every input scale is 1 (what a version-1 model file holds). */
    public boolean unitInputScale() {
        for (double v : inputScale) if (v != 1.0) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SirenSpec s && s.inputs == inputs && s.hidden == hidden && s.hiddenLayers == hiddenLayers
                && s.outputs == outputs && Double.compare(s.w0First, w0First) == 0 && Double.compare(s.w0Hidden, w0Hidden) == 0
                && java.util.Arrays.equals(s.inputScale, inputScale);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inputs, hidden, hiddenLayers, outputs, w0First, w0Hidden) * 31 + java.util.Arrays.hashCode(inputScale);
    }

    /** The paper's audio network: 1 -> 256 x3 -> 1, w0 = 3000 on time in [-1, 1]. */
    public static SirenSpec audio() { return new SirenSpec(1, 256, 3, 1, 3000, 30); }

    /** The paper's image / Poisson network: 2 -> 256 x3 -> 1, w0 = 30. */
    public static SirenSpec image() { return new SirenSpec(2, 256, 3, 1, 30, 30); }

    /** Number of linear maps (sine layers plus the linear output layer). */
    public int linearLayers() { return hiddenLayers + 2; }

    /** Number of sine layers. */
    public int sineLayers() { return hiddenLayers + 1; }

    public int fanIn(int layer) { return layer == 0 ? inputs : hidden; }

    public int fanOut(int layer) { return layer == linearLayers() - 1 ? outputs : hidden; }

    /** The frequency factor of sine layer {@code layer}. */
    public double omega(int layer) { return layer == 0 ? w0First : w0Hidden; }

    public long parameterCount() {
        long n = 0;
        for (int i = 0; i < linearLayers(); i++) n += (long) fanOut(i) * fanIn(i) + fanOut(i);
        return n;
    }

    @Override
    public String toString() {
        String sc = "";
        if (!unitInputScale()) {
            StringBuilder b = new StringBuilder(", input scale");
            for (double v : inputScale) b.append(' ').append(fmt(v));
            sc = b.toString();
        }
        return inputs + "->" + hidden + "x" + hiddenLayers + "->" + outputs + " (w0 " + fmt(w0First) + "/" + fmt(w0Hidden) + sc + ")";
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }
}
