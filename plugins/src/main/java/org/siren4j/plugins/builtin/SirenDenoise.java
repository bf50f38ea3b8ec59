package org.siren4j.plugins.builtin;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.siren4j.audio.SpectralDenoiser;
import org.siren4j.plugins.AbstractPlugin;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.ClipProcessor;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/**
 * The audio module's denoiser as a whole-clip effect: each clip is analysed once (the Wiener pass, the SIREN
 * prior on its log power, the second gain; no noise profile: white or coloured noise estimated from the clip)
 * and the result cached by the host; rendering plays the cleaned clip, blended with the dry one by
 * {@code dry_wet} (automatable). Pending clips play dry.
 */
public final class SirenDenoise extends AbstractPlugin implements ClipProcessor {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.denoise", "SIREN denoise", "siren4j", "1.0",
            Set.of(Feature.CLIP_PROCESSOR, Feature.AUDIO_EFFECT), Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false,
            "removes stationary noise from whole clips (Wiener passes + a SIREN prior), no profile needed");
    static final int STRENGTH = 0, NOISE = 1, DRY_WET = 2;

    /** A region ready to play: where, and its wet and dry samples. */
    private record Playing(long start, int frames, float[][] wet, float[][] dry) {}

    private volatile Playing[] playing = new Playing[0];

    public SirenDenoise() {
        super(List.of(new ParamInfo("strength", "Strength", 0.25, 2, 1, "", Set.of()),
                new ParamInfo("noise", "Noise", 0, 1, 0, "", Set.of(ParamInfo.Flag.STEPPED), "white", "colored"),
                ParamInfo.continuous("dry_wet", "Dry/wet", 0, 1, 1, "")));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("strength", "noise"); }

    @Override public byte[] analyse(ClipAudio clip, Progress progress) throws InterruptedException {
        int ch = clip.samples().length, n = clip.frames();
        SpectralDenoiser dn = new SpectralDenoiser(SpectralDenoiser.Settings.defaults().withStrength(values[STRENGTH]).withWhiteNoise(values[NOISE] == 0));
        ByteBuffer out = ByteBuffer.allocate(8 + 4 * ch * n);
        out.putInt(ch).putInt(n);
        for (int c = 0; c < ch; c++) {
            if (Thread.interrupted()) throw new InterruptedException();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = clip.samples()[c][i];
            int cc = c;
            double[] clean = n < 64 ? x : dn.denoise(x, (int) Math.round(clip.sampleRate()), null,
                    p -> progress.report((cc + Math.min(1, p.step() / (double) Math.max(1, p.totalSteps()))) / ch,
                            String.format(Locale.ROOT, "denoising channel %d: SIREN prior step %d", cc + 1, p.step()))).clean();
            for (int i = 0; i < n; i++) out.putFloat((float) clean[i]);
        }
        return out.array();
    }

    @Override public void setRegions(List<Region> regions) {
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

    @Override protected void render(Block b, int from, int to) {
        for (float[] o : b.out) java.util.Arrays.fill(o, from, to, 0f);
        if (b.position < 0) return;
        float wet = (float) values[DRY_WET];
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

    public static final class Factory extends BaseFactory { public Factory() { super(SirenDenoise::new); } }
}
