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
 * A channel mixer: stereo width by mid/side (0 = mono, 1 = unchanged, 2 = side doubled), then the dry signal
 * blended back ({@code dry_wet}: 0 dry, 1 processed) and an output level. On mono only the level applies.
 */
public final class Mix extends AbstractPlugin {
    static final Descriptor DESCRIPTOR = new Descriptor("mix", "Mix", "siren4j", "1.0", Set.of(Feature.AUDIO_EFFECT),
            Descriptor.TRACK_CHANNELS, 2, false, "stereo width (mid/side), dry/wet, level"); // stereo out: a track it sits on plays in stereo

    public Mix() {
        super(List.of(ParamInfo.continuous("width", "Width", 0, 2, 1, ""),
                ParamInfo.continuous("dry_wet", "Dry/wet", 0, 1, 1, ""),
                ParamInfo.continuous("level_db", "Level", -96, 24, 0, "dB")));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public void reset() {}

    @Override protected void render(Block b, int from, int to) {
        double level = values[2] <= -96 ? 0 : dbToGain(values[2]);
        if (b.out.length != 2) {
            for (int c = 0; c < b.out.length; c++) {
                float[] in = b.in[Math.min(c, b.in.length - 1)];
                for (int i = from; i < to; i++) b.out[c][i] = (float) (in[i] * level);
            }
            return;
        }
        double w = values[0], wet = values[1];
        float[] inL = b.in[0], inR = b.in[Math.min(1, b.in.length - 1)];
        for (int i = from; i < to; i++) {
            double l = inL[i], r = inR[i], mid = 0.5 * (l + r), side = 0.5 * (l - r) * w;
            b.out[0][i] = (float) (level * (wet * (mid + side) + (1 - wet) * l));
            b.out[1][i] = (float) (level * (wet * (mid - side) + (1 - wet) * r));
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Mix::new); } }
}
