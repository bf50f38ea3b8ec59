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
 * Stereo balance with a 0 dB pan law: centre leaves both channels at unity; panning right lowers the left
 * channel linearly to silence at +1 (and the other way round). Mono passes through unchanged.
 */
public final class Pan extends AbstractPlugin {
    static final Descriptor DESCRIPTOR = new Descriptor("pan", "Pan", "siren4j", "1.0", Set.of(Feature.AUDIO_EFFECT),
            Descriptor.TRACK_CHANNELS, 2, false, "balance, 0 dB at centre"); // stereo out: a track it sits on plays in stereo

    public Pan() { super(List.of(ParamInfo.continuous("pan", "Pan", -1, 1, 0, ""))); }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public void reset() {}

    /** Left and right factors of the 0 dB balance law. */
    public static double left(double pan) { return Math.min(1, 1 - pan); }

    public static double right(double pan) { return Math.min(1, 1 + pan); }

    @Override protected void render(Block b, int from, int to) {
        if (b.out.length != 2) {
            for (int c = 0; c < b.out.length; c++) System.arraycopy(b.in[Math.min(c, b.in.length - 1)], from, b.out[c], from, to - from);
            return;
        }
        float l = (float) left(values[0]), r = (float) right(values[0]);
        float[] inL = b.in[0], inR = b.in[Math.min(1, b.in.length - 1)];
        for (int i = from; i < to; i++) {
            b.out[0][i] = inL[i] * l;
            b.out[1][i] = inR[i] * r;
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Pan::new); } }
}
