package org.siren4j.core;

/**
 * The shape of a SIREN: {@code inputs -> sine(hidden) -> hiddenLayers x sine(hidden) -> linear(outputs)}.
 *
 * <p>{@code hiddenLayers} counts the hidden-to-hidden sine layers (the official code's
 * {@code num_hidden_layers}), so the network has {@code hiddenLayers + 2} linear maps. Layer {@code i}
 * computes {@code sin(w_i (W_i h + b_i))} with {@code w_0 = w0First} and {@code w_i = w0Hidden} after it;
 * the last map is linear.
 */
public record SirenSpec(int inputs, int hidden, int hiddenLayers, int outputs, double w0First, double w0Hidden) {

    public SirenSpec {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1, got " + inputs);
        if (hidden < 1) throw new IllegalArgumentException("hidden width must be >= 1, got " + hidden);
        if (hiddenLayers < 0) throw new IllegalArgumentException("hidden layers must be >= 0, got " + hiddenLayers);
        if (outputs < 1) throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        if (!(w0First > 0) || !(w0Hidden > 0) || Double.isInfinite(w0First) || Double.isInfinite(w0Hidden))
            throw new IllegalArgumentException("w0 must be positive and finite");
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
        return inputs + "->" + hidden + "x" + hiddenLayers + "->" + outputs + " (w0 " + fmt(w0First) + "/" + fmt(w0Hidden) + ")";
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v); }
}
