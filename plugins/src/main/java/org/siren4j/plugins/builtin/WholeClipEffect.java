package org.siren4j.plugins.builtin;

import java.nio.ByteBuffer;
import java.util.List;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.ClipProcessor;
import org.siren4j.plugins.ParamInfo;

/**
 * A whole-clip effect: each clip is processed once, channel by channel ({@link #process}), the result cached by the
 * host as the analysis; rendering plays the processed clip, blended with the dry one by the last parameter,
 * {@code dry_wet} (automatable). Pending clips play dry.
 */
abstract class WholeClipEffect extends AbstractPlugin implements ClipProcessor {
    /** A region ready to play: where, and its wet and dry samples. */
    private record Playing(long start, int frames, float[][] wet, float[][] dry) {}

    private volatile Playing[] playing = new Playing[0];
    private final int dryWet;

    /** {@code params}: the effect's own, before {@code dry_wet}, which this class adds. */
    WholeClipEffect(List<ParamInfo> params) {
        super(withDryWet(params));
        dryWet = params.size();
    }

    private static List<ParamInfo> withDryWet(List<ParamInfo> params) {
        List<ParamInfo> all = new java.util.ArrayList<>(params);
        all.add(ParamInfo.continuous("dry_wet", "Dry/wet", 0, 1, 1, ""));
        return List.copyOf(all);
    }

    /** Channel {@code c} of {@code channels} processed; {@code progress} takes the share of the whole clip done. */
    abstract double[] process(double[] x, int rate, int c, int channels, Progress progress) throws InterruptedException;

    @Override public final byte[] analyse(ClipAudio clip, Progress progress) throws InterruptedException {
        int ch = clip.samples().length, n = clip.frames();
        ByteBuffer out = ByteBuffer.allocate(8 + 4 * ch * n);
        out.putInt(ch).putInt(n);
        for (int c = 0; c < ch; c++) {
            if (Thread.interrupted()) throw new InterruptedException();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = clip.samples()[c][i];
            double[] y = n < 64 ? x : process(x, (int) Math.round(clip.sampleRate()), c, ch, progress);
            for (int i = 0; i < n; i++) out.putFloat((float) y[i]);
        }
        return out.array();
    }

    @Override public final void setRegions(List<Region> regions) {
        Playing[] p = new Playing[regions.size()];
        for (int r = 0; r < p.length; r++) {
            Region g = regions.get(r);
            float[][] wet = null;
            if (g.analysis() != null) {
                ByteBuffer b = ByteBuffer.wrap(g.analysis());
                int ch = b.getInt(), n = b.getInt();
                wet = new float[ch][n];
                for (int c = 0; c < ch; c++) for (int i = 0; i < n; i++) wet[c][i] = b.getFloat();
            }
            p[r] = new Playing(g.start(), g.frames(), wet, g.dry());
        }
        playing = p; // one volatile write: the audio thread sees the old set or the new one
    }

    @Override public void reset() {}

    @Override protected final void render(Block b, int from, int to) {
        for (float[] o : b.out) java.util.Arrays.fill(o, from, to, 0f);
        if (b.position < 0) return;
        float wet = (float) values[dryWet];
        Playing[] ps = playing;
        for (Playing p : ps) {
            long a = Math.max(b.position + from, p.start), z = Math.min(b.position + to, p.start + p.frames);
            for (int c = 0; c < b.out.length; c++) {
                float[] dry = p.dry[Math.min(c, p.dry.length - 1)], w = p.wet == null ? dry : p.wet[Math.min(c, p.wet.length - 1)];
                float[] o = b.out[c];
                for (long s = a; s < z; s++) {
                    int i = (int) (s - p.start);
                    o[(int) (s - b.position)] += wet * w[i] + (1 - wet) * dry[i];
                }
            }
        }
    }
}
