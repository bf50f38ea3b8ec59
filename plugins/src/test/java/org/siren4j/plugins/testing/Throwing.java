package org.siren4j.plugins.testing;

import java.util.List;
import java.util.Set;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/** Test plugin: passes audio through until {@code at_seconds}, then throws (mode 0) or returns ERROR (mode 1). */
public final class Throwing extends AbstractPlugin {
    public Throwing() {
        super(List.of(ParamInfo.continuous("at_seconds", "At", 0, 100, 0.5, "s"), ParamInfo.choice("mode", "Mode", 0, "throw", "error")));
    }

    private long position;

    @Override public Descriptor descriptor() {
        return new Descriptor("test.throwing", "Throwing", "tests", "1", Set.of(Feature.AUDIO_EFFECT), -1, -1, false, "fails on purpose");
    }

    @Override public void reset() {}

    @Override public org.siren4j.plugins.Status process(Block b) {
        position = b.position;
        if (b.position + b.frames > values[0] * sampleRate) {
            if (values[1] == 0) throw new IllegalStateException("boom");
            return org.siren4j.plugins.Status.ERROR;
        }
        return super.process(b);
    }

    @Override protected void render(Block b, int from, int to) {
        for (int c = 0; c < b.out.length; c++) for (int i = from; i < to; i++) b.out[c][i] = 2 * b.in[c][i];
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Throwing::new); } }
}
