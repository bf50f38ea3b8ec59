package org.siren4j.plugins.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Renderer;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.ClipOperation;
import org.siren4j.plugins.ClipProcessor;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/**
 * Varispeed from a clip's SIREN: each clip is fitted once (the audio module's segment SIRENs, the analysis),
 * its continuous function rendered band-limited onto a 4x table with octave levels ({@link Wavetable}), and
 * played from its start at {@code speed} (automatable, sample-accurate: the play position is the running sum of
 * the speed), so it changes pitch and length together without aliasing. As an "apply -> new clip" operation,
 * {@link #apply} renders a fitted clip at any rate and speed with the audio module's band-limited renderer.
 */
public final class SirenResample extends AbstractPlugin implements ClipProcessor, ClipOperation {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.resample", "SIREN resample", "siren4j", "1.2",
            Set.of(Feature.CLIP_PROCESSOR, Feature.AUDIO_EFFECT), Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false,
            "varispeed and rate change from each clip's SIREN, band-limited");
    static final int SPEED = 0, QUALITY = 1;
    private static final String[] QUALITIES = SegmentFits.QUALITIES;

    private record Playing(long start, Wavetable table) {}

    private volatile Playing[] playing = new Playing[0];
    private double[] position = new double[0]; // per region: source frames played so far
    private Playing[] positionOf;

    public SirenResample() {
        super(List.of(ParamInfo.continuous("speed", "Speed", 0.25, 4, 1, "x"),
                new ParamInfo("quality", "Fit quality", 0, 1, SegmentFits.DEFAULT_QUALITY, "", Set.of(ParamInfo.Flag.STEPPED), QUALITIES)));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("quality"); }

    @Override public byte[] analyse(ClipAudio clip, Progress progress) throws InterruptedException {
        return SegmentFits.fit(clip, QUALITIES[(int) values[QUALITY]], progress);
    }

    /** Apply -> new clip: the fitted clip rendered at {@code rate} and {@code speed}, band-limited (main or worker thread). */
    public static Clip apply(byte[] analysis, int rate, double speed) {
        AudioModel m = SegmentFits.model(analysis);
        try (SirenEngine engine = Engines.cpu()) {
            return Renderer.renderClip(m, engine, new Renderer.Span(0, m.seconds(), rate, speed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public float[][] apply(byte[] analysis, ClipAudio clip, double outputRate) {
        Clip c = apply(analysis, (int) Math.round(outputRate), values[SPEED]);
        float[][] out = new float[c.channels()][c.frames()];
        for (int ch = 0; ch < out.length; ch++) for (int i = 0; i < out[ch].length; i++) out[ch][i] = (float) c.samples()[ch][i];
        return out;
    }

    @Override public void setRegions(List<Region> regions) {
        Playing[] p = new Playing[regions.size()];
        for (int r = 0; r < p.length; r++) {
            Region g = regions.get(r);
            Wavetable t = g.analysis() == null ? Wavetable.fromSamples(g.dry(), sampleRate > 0 ? sampleRate : 48000)
                    : SegmentFits.table(SegmentFits.model(g.analysis()));
            p[r] = new Playing(g.start(), t);
        }
        if (position.length < p.length) position = new double[p.length]; // written before the volatile publish below
        playing = p;
    }

    @Override public void reset() { positionOf = null; }

    @Override protected void render(Block b, int from, int to) {
        for (float[] o : b.out) java.util.Arrays.fill(o, from, to, 0f);
        Playing[] ps = playing;
        if (positionOf == null || positionOf.length != ps.length) { // new regions or a reset: heads at their starts
            java.util.Arrays.fill(position, 0);
        }
        positionOf = ps; // the same regions with an analysis just arrived keep their play heads
        if (b.position < 0) return;
        double speed = values[SPEED];
        for (int r = 0; r < ps.length; r++) {
            Playing p = ps[r];
            Wavetable t = p.table;
            double ratio = speed * t.sourceRate / sampleRate;
            int level = Wavetable.level(ratio);
            double pos = position[r];
            for (int i = from; i < to; i++) {
                if (b.position + i < p.start || pos >= t.sourceFrames) continue;
                for (int c = 0; c < b.out.length; c++) b.out[c][i] += t.read(level, Math.min(c, t.channels() - 1), pos);
                pos += ratio;
            }
            position[r] = pos;
        }
    }

    public static final class Factory extends BaseFactory { public Factory() { super(SirenResample::new); } }
}
