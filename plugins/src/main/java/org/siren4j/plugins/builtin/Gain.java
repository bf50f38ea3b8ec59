package org.siren4j.plugins.builtin;

import java.util.List;
import java.util.Set;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/** Gain in dB, sample-accurate under automation (each event applies from its sample on). */
public final class Gain extends AbstractPlugin {
    static final Descriptor DESCRIPTOR = new Descriptor("gain", "Gain", "siren4j", "1.0", Set.of(Feature.AUDIO_EFFECT),
            Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false, "level in dB");
    private double factor = 1;

    public Gain() { super(List.of(ParamInfo.continuous("gain_db", "Gain", -96, 24, 0, "dB"))); }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override protected void paramChanged(int index) { factor = values[0] <= -96 ? 0 : dbToGain(values[0]); }

    @Override public void reset() {}

    @Override protected void render(Block b, int from, int to) {
        float f = (float) factor;
        for (int c = 0; c < b.out.length; c++) {
            float[] in = b.in[Math.min(c, b.in.length - 1)], out = b.out[c];
            for (int i = from; i < to; i++) out[i] = in[i] * f;
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Gain::new); } }
}
