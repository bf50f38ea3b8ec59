package org.siren4j.audio;

import org.siren4j.core.cpu.DoubleRows;
import org.siren4j.core.train.LevenbergMarquardt;

/**
 * The band-limited data fit of one segment, as a linear map of the net's values on a grid F times finer than
 * the samples: rows 0..n-1 pick the values at the samples (to match them), the other rows are
 * {@code sqrt(lambda)} times a high-pass filter of the values (to be zero: no energy above the source's
 * Nyquist frequency between the samples). The fine grid reaches half a filter past the first and last sample,
 * so every fine point between the samples is checked by a whole filter; out there the net is unconstrained.
 */
public final class BandLimit implements LevenbergMarquardt.Operator {
    final int samples, factor, margin, points;  // margin: fine points before the first sample
    private final int[] picked;                 // the samples that have a data row (all, in order, unless some are unknown)
    private final double[] highPass, reversed, padded; // padded: the filter rows between zeros, for A^T
    private final double root;

    BandLimit(int samples, int factor, double lambda) { this(samples, factor, lambda, null); }

    /**
     * As above, with data rows for the samples {@code picked} only (ascending; null: all): the others are unknown, and
     * the net is free there but for the band limit. {@code b}'s first {@code picked.length} entries are their targets.
     */
    public BandLimit(int samples, int factor, double lambda, int[] picked) {
        this.samples = samples;
        this.picked = picked != null ? picked.clone() : java.util.stream.IntStream.range(0, samples).toArray();
        this.factor = factor;
        // penalise from 1.06 of the source's Nyquist frequency, leave it alone below 0.94 (cycles per fine sample)
        double nyquist = 0.5 / factor;
        double[] low = Renderer.lowPass(1.06 * nyquist, 0.94 / 1.06, 60);
        highPass = new double[low.length];
        for (int k = 0; k < low.length; k++) highPass[k] = -low[k];
        highPass[low.length / 2] += 1;
        margin = low.length / 2;
        points = (samples - 1) * factor + 1 + 2 * margin;
        root = Math.sqrt(lambda);
        reversed = new double[highPass.length];
        for (int k = 0; k < highPass.length; k++) reversed[k] = highPass[highPass.length - 1 - k];
        padded = new double[filterRows() + 2 * (highPass.length - 1)];
    }

    /** The fine grid's points: the net is evaluated there. */
    public int points() { return points; }

    /** Fine point j's position in samples from the first sample. */
    public double position(int j) { return (j - margin) / (double) factor; }

    private int filterRows() { return points - highPass.length + 1; }

    @Override
    public int rows() { return picked.length + filterRows(); }

    @Override
    public void apply(double[] u, double[] out) {
        for (int i = 0; i < picked.length; i++) out[i] = u[margin + picked[i] * factor];
        DoubleRows.correlate(u, highPass, root, out, picked.length, filterRows());
    }

    @Override
    public void applyTransposed(double[] r, double[] out) {
        // out[m] = sum_k h[k] g[m - k] over the filter rows g: the reversed (symmetric, so the same) filter over g padded with zeros
        int L = highPass.length;
        System.arraycopy(r, picked.length, padded, L - 1, filterRows());
        DoubleRows.correlate(padded, reversed, root, out, 0, points);
        for (int i = 0; i < picked.length; i++) out[margin + picked[i] * factor] += r[i];
    }

    @Override
    public double[] gramDiagonal() {
        double[] d = new double[points];
        for (int i : picked) d[margin + i * factor] += 1;
        int L = highPass.length;
        for (int j = 0, rows = filterRows(); j < rows; j++)
            for (int k = 0; k < L; k++) d[j + k] += root * root * highPass[k] * highPass[k];
        return d;
    }
}
