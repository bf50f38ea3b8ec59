package org.siren4j.plugins.builtin;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.siren4j.audio.SpectralDenoiser;
import org.siren4j.plugins.BaseFactory;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;

/**
 * The audio module's denoiser as a whole-clip effect: each clip is analysed once (the Wiener pass, the SIREN
 * prior on its log power, the second gain; no noise profile: white or coloured noise estimated from the clip).
 */
public final class SirenDenoise extends WholeClipEffect {
    static final Descriptor DESCRIPTOR = new Descriptor("siren.denoise", "SIREN denoise", "siren4j", "1.0",
            Set.of(Feature.CLIP_PROCESSOR, Feature.AUDIO_EFFECT), Descriptor.TRACK_CHANNELS, Descriptor.TRACK_CHANNELS, false,
            "removes stationary noise from whole clips (Wiener passes + a SIREN prior), no profile needed");
    static final int STRENGTH = 0, NOISE = 1;

    public SirenDenoise() {
        super(List.of(new ParamInfo("strength", "Strength", 0.25, 2, 1, "", Set.of()),
                new ParamInfo("noise", "Noise", 0, 1, 0, "", Set.of(ParamInfo.Flag.STEPPED), "white", "colored")));
    }

    @Override public Descriptor descriptor() { return DESCRIPTOR; }

    @Override public List<String> analysisParams() { return List.of("strength", "noise"); }

    @Override double[] process(double[] x, int rate, int c, int channels, Progress progress) {
        SpectralDenoiser dn = new SpectralDenoiser(SpectralDenoiser.Settings.defaults().withStrength(values[STRENGTH]).withWhiteNoise(values[NOISE] == 0));
        return dn.denoise(x, rate, null, p -> progress.report((c + Math.min(1, p.step() / (double) Math.max(1, p.totalSteps()))) / channels,
                String.format(Locale.ROOT, "denoising channel %d: SIREN prior step %d", c + 1, p.step()))).clean();
    }

    public static final class Factory extends BaseFactory { public Factory() { super(SirenDenoise::new); } }
}
