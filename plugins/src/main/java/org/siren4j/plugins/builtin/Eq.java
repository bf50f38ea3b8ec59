package org.siren4j.plugins.builtin;

import java.util.List;
import java.util.Set;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/**
 * One biquad band (R. Bristow-Johnson's Audio EQ Cookbook): peak, shelves, low/high/band pass, notch. Transposed
 * direct form II in double precision; coefficients are recomputed at each parameter event, so automation is
 * sample-accurate. (TarsosDSP's IIR filters have no shelves or peaks, and allocate per construction.)
 */
public final class Eq extends AbstractPlugin {
    static final Descriptor DESCRIPTOR = new Descriptor("eq", "EQ (biquad)", "siren4j", "1.0", Set.of(Feature.AUDIO_EFFECT),
            Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false, "one RBJ biquad band");
    public static final int PEAK = 0, LOW_SHELF = 1, HIGH_SHELF = 2, LOW_PASS = 3, HIGH_PASS = 4, BAND_PASS = 5, NOTCH = 6;

    private double b0 = 1, b1, b2, a1, a2;
    private double[] z1 = new double[0], z2 = new double[0];

    public Eq() {
        super(List.of(ParamInfo.choice("type", "Type", PEAK, "peak", "low_shelf", "high_shelf", "low_pass", "high_pass", "band_pass", "notch"),
                ParamInfo.continuous("freq", "Frequency", 20, 20000, 1000, "Hz"),
                ParamInfo.continuous("gain_db", "Gain", -24, 24, 0, "dB"),
                ParamInfo.continuous("q", "Q", 0.1, 18, Math.sqrt(0.5), "")));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public void activate(double sampleRate, int channels, int minFrames, int maxFrames) {
        z1 = new double[channels];
        z2 = new double[channels];
        super.activate(sampleRate, channels, minFrames, maxFrames);
    }

    @Override public void reset() {
        java.util.Arrays.fill(z1, 0);
        java.util.Arrays.fill(z2, 0);
    }

    @Override protected void paramChanged(int index) {
        if (sampleRate > 0) design();
    }

    /** The cookbook's coefficients for the current parameters, normalised by a0. */
    private void design() {
        int type = (int) values[0];
        double f = Math.min(values[1], 0.499 * sampleRate), a = Math.pow(10, values[2] / 40), w = 2 * Math.PI * f / sampleRate;
        double cos = Math.cos(w), alpha = Math.sin(w) / (2 * values[3]), sa = 2 * Math.sqrt(a) * alpha;
        double nb0, nb1, nb2, na0, na1, na2;
        switch (type) {
            case LOW_SHELF -> {
                nb0 = a * ((a + 1) - (a - 1) * cos + sa); nb1 = 2 * a * ((a - 1) - (a + 1) * cos); nb2 = a * ((a + 1) - (a - 1) * cos - sa);
                na0 = (a + 1) + (a - 1) * cos + sa; na1 = -2 * ((a - 1) + (a + 1) * cos); na2 = (a + 1) + (a - 1) * cos - sa;
            }
            case HIGH_SHELF -> {
                nb0 = a * ((a + 1) + (a - 1) * cos + sa); nb1 = -2 * a * ((a - 1) + (a + 1) * cos); nb2 = a * ((a + 1) + (a - 1) * cos - sa);
                na0 = (a + 1) - (a - 1) * cos + sa; na1 = 2 * ((a - 1) - (a + 1) * cos); na2 = (a + 1) - (a - 1) * cos - sa;
            }
            case LOW_PASS -> { nb0 = (1 - cos) / 2; nb1 = 1 - cos; nb2 = nb0; na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha; }
            case HIGH_PASS -> { nb0 = (1 + cos) / 2; nb1 = -(1 + cos); nb2 = nb0; na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha; }
            case BAND_PASS -> { nb0 = alpha; nb1 = 0; nb2 = -alpha; na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha; }
            case NOTCH -> { nb0 = 1; nb1 = -2 * cos; nb2 = 1; na0 = 1 + alpha; na1 = -2 * cos; na2 = 1 - alpha; }
            default -> {
                nb0 = 1 + alpha * a; nb1 = -2 * cos; nb2 = 1 - alpha * a; na0 = 1 + alpha / a; na1 = -2 * cos; na2 = 1 - alpha / a;
            }
        }
        b0 = nb0 / na0; b1 = nb1 / na0; b2 = nb2 / na0; a1 = na1 / na0; a2 = na2 / na0;
    }

    @Override protected void render(Block b, int from, int to) {
        for (int c = 0; c < b.out.length; c++) {
            float[] in = b.in[Math.min(c, b.in.length - 1)], out = b.out[c];
            double s1 = z1[c], s2 = z2[c];
            for (int i = from; i < to; i++) {
                double x = in[i], y = b0 * x + s1;
                s1 = b1 * x - a1 * y + s2;
                s2 = b2 * x - a2 * y;
                out[i] = (float) y;
            }
            z1[c] = s1;
            z2[c] = s2;
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Eq::new); } }
}
