package org.siren4j.core;

import java.util.Arrays;

/**
 * One derivative channel of one network output: the value u_p, a first derivative du_p/dx_j, or a
 * weighted second-order sum {@code sum_j a_j d2u_p/dx_j^2} (the Laplacian has every a_j = 1; d2/dt2 has
 * a single 1). Losses name channels this way; the {@link DerivativeRequest} that carries them is derived.
 */
public record ChannelRef(int output, Kind kind, int coordinate, double[] weights) {
    public enum Kind { VALUE, GRADIENT, SECOND }

    public ChannelRef {
        if (output < 0) throw new IllegalArgumentException("output index must be >= 0");
        weights = weights == null ? null : weights.clone();
    }

    public static ChannelRef value(int output) { return new ChannelRef(output, Kind.VALUE, -1, null); }

    /** du_output / dx_coordinate. */
    public static ChannelRef gradient(int output, int coordinate) {
        if (coordinate < 0) throw new IllegalArgumentException("coordinate must be >= 0");
        return new ChannelRef(output, Kind.GRADIENT, coordinate, null);
    }

    /** {@code sum_j weights[j] d2u_output/dx_j^2}; {@code weights} has one entry per input coordinate. */
    public static ChannelRef second(int output, double... weights) {
        return new ChannelRef(output, Kind.SECOND, -1, weights);
    }

    /** The Laplacian over all {@code inputs} coordinates. */
    public static ChannelRef laplacian(int output, int inputs) {
        double[] a = new double[inputs];
        Arrays.fill(a, 1.0);
        return second(output, a);
    }

    /** The plain second derivative d2u/dx_j^2. */
    public static ChannelRef secondDerivative(int output, int coordinate, int inputs) {
        double[] a = new double[inputs];
        a[coordinate] = 1.0;
        return second(output, a);
    }

    @Override
    public double[] weights() { return weights == null ? null : weights.clone(); }

    /** Whether this is a second-order channel with exactly these weights (no copy). */
    public boolean hasWeights(double[] a) { return Arrays.equals(weights, a); }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelRef r && r.output == output && r.kind == kind && r.coordinate == coordinate
                && Arrays.equals(r.weights, weights);
    }

    @Override
    public int hashCode() { return ((output * 31 + kind.hashCode()) * 31 + coordinate) * 31 + Arrays.hashCode(weights); }

    @Override
    public String toString() {
        return switch (kind) {
            case VALUE -> "u" + output;
            case GRADIENT -> "du" + output + "/dx" + coordinate;
            case SECOND -> "sum(" + Arrays.toString(weights) + " d2u" + output + "/dx2)";
        };
    }
}
