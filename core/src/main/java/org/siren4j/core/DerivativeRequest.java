package org.siren4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which derivative channels a forward pass carries: the value, first derivatives along the coordinates
 * in {@link #gradientCoordinates()}, and weighted second-order sums {@code S_k = sum_j a_kj d2u/dx_j^2}.
 * The gradient set always covers every coordinate that some S_k weighs: the second-order channel update
 * needs those first derivatives even when no loss uses them (DESIGN.md, "Derivatives").
 *
 * <p>Channel order, which is also the order of the stacked blocks: 0 = value, 1..G = gradients in
 * ascending coordinate order, G+1..G+M = the sums in the order given.
 */
public final class DerivativeRequest {
    private final int inputs;
    private final int[] gradientCoordinates;
    private final double[][] sums;

    private DerivativeRequest(int inputs, int[] gradientCoordinates, double[][] sums) {
        this.inputs = inputs;
        this.gradientCoordinates = gradientCoordinates;
        this.sums = sums;
    }

    private static final DerivativeRequest[] VALUE_ONLY = new DerivativeRequest[9];

    /** The value alone (one shared instance per input count, so engines can cache what they derive from it). */
    public static DerivativeRequest valueOnly(int inputs) {
        if (inputs < 1 || inputs >= VALUE_ONLY.length) return of(inputs, List.of());
        synchronized (VALUE_ONLY) {
            if (VALUE_ONLY[inputs] == null) VALUE_ONLY[inputs] = of(inputs, List.of());
            return VALUE_ONLY[inputs];
        }
    }

    /** The smallest request that carries every channel named (any output: all outputs share channels). */
    public static DerivativeRequest of(int inputs, Collection<ChannelRef> channels) {
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1");
        TreeSet<Integer> coords = new TreeSet<>();
        List<double[]> sums = new ArrayList<>();
        for (ChannelRef c : channels) {
            switch (c.kind()) {
                case VALUE -> { }
                case GRADIENT -> {
                    if (c.coordinate() >= inputs)
                        throw new IllegalArgumentException("coordinate " + c.coordinate() + " out of range for " + inputs + " inputs");
                    coords.add(c.coordinate());
                }
                case SECOND -> {
                    double[] a = c.weights();
                    if (a.length != inputs)
                        throw new IllegalArgumentException("second-order weights need " + inputs + " entries, got " + a.length);
                    boolean any = false;
                    for (int j = 0; j < inputs; j++) {
                        if (!Double.isFinite(a[j])) throw new IllegalArgumentException("second-order weight is not finite");
                        if (a[j] != 0) { coords.add(j); any = true; }
                    }
                    if (!any) throw new IllegalArgumentException("second-order sum with all weights zero");
                    if (sums.stream().noneMatch(s -> Arrays.equals(s, a))) sums.add(a);
                }
            }
        }
        return new DerivativeRequest(inputs, coords.stream().mapToInt(Integer::intValue).toArray(), sums.toArray(double[][]::new));
    }

    public static DerivativeRequest of(int inputs, ChannelRef... channels) { return of(inputs, Arrays.asList(channels)); }

    public int inputs() { return inputs; }

    public int[] gradientCoordinates() { return gradientCoordinates.clone(); }

    public int gradientCount() { return gradientCoordinates.length; }

    public int sumCount() { return sums.length; }

    /** a_kj for sum k, indexed by coordinate j (0..inputs-1). */
    public double sumWeight(int k, int coordinate) { return sums[k][coordinate]; }

    /** 1 + gradients + sums: the number of row blocks a forward pass stacks. */
    public int channelCount() { return 1 + gradientCoordinates.length + sums.length; }

    /** The stacked block index of a channel (same for every output). */
    public int channelIndex(ChannelRef ref) {
        switch (ref.kind()) {
            case VALUE: return 0;
            case GRADIENT:
                for (int g = 0; g < gradientCoordinates.length; g++) if (gradientCoordinates[g] == ref.coordinate()) return 1 + g;
                break;
            case SECOND:
                for (int k = 0; k < sums.length; k++) if (ref.hasWeights(sums[k])) return 1 + gradientCoordinates.length + k;
                break;
        }
        throw new IllegalArgumentException("channel " + ref + " is not in this request");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("value");
        for (int j : gradientCoordinates) sb.append(", d/dx").append(j);
        for (double[] a : sums) sb.append(", sum").append(Arrays.toString(a)).append(" d2/dx2");
        return sb.toString();
    }
}
