package org.siren4j.plugins.testing;

import java.util.List;
import java.util.Set;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/** Test plugin: a pure delay of {@code samples} that reports it as latency (what a look-ahead effect does). */
public final class Delay extends AbstractPlugin {
    private float[][] line = new float[0][];
    private int p;

    public Delay() { super(List.of(ParamInfo.continuous("samples", "Samples", 1, 10000, 100, ""))); }

    @Override public Descriptor descriptor() {
        return new Descriptor("test.delay", "Delay", "tests", "1", Set.of(Feature.AUDIO_EFFECT), -1, -1, false, "latency");
    }

    @Override public void activate(double rate, int ch, int min, int max) {
        line = new float[ch][(int) values[0]];
        super.activate(rate, ch, min, max);
    }

    @Override public int latency() { return line.length == 0 ? 0 : line[0].length; }

    @Override public void reset() { for (float[] l : line) java.util.Arrays.fill(l, 0); p = 0; }

    @Override protected void render(Block b, int from, int to) {
        int q = p;
        for (int c = 0; c < b.out.length; c++) {
            q = p;
            float[] l = line[c];
            for (int i = from; i < to; i++) {
                b.out[c][i] = l[q];
                l[q] = b.in[c][i];
                if (++q == l.length) q = 0;
            }
        }
        p = q;
    }

    public static final class Factory extends BaseFactory { public Factory() { super(Delay::new); } }
}
