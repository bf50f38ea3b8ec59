package org.siren4j.audio;

import be.tarsos.dsp.resample.Resampler;

/**
 * The classical baseline a report puts beside the SIREN: TarsosDSP's {@link Resampler} (a port of
 * libresample, band-limited sinc interpolation), high-quality mode, on each channel.
 */
public final class ClassicResampler {
    private ClassicResampler() {}

    public static Clip resample(Clip in, int rate) {
        double factor = rate / (double) in.sampleRate();
        int outLen = (int) Math.round(in.frames() * factor);
        double[][] out = new double[in.channels()][];
        for (int c = 0; c < in.channels(); c++) {
            float[] x = new float[in.frames()];
            for (int i = 0; i < x.length; i++) x[i] = (float) in.samples()[c][i];
            float[] y = new float[outLen + 64];
            Resampler r = new Resampler(true, factor, factor);
            int inPos = 0, outPos = 0;
            for (int guard = 0; outPos < outLen && guard < 1000; guard++) {
                Resampler.Result res = r.process(factor, x, inPos, x.length - inPos, true, y, outPos, y.length - outPos);
                inPos += res.inputSamplesConsumed;
                outPos += res.outputSamplesGenerated;
                if (res.outputSamplesGenerated == 0 && inPos >= x.length) break;
            }
            out[c] = new double[outLen];
            for (int i = 0; i < outLen; i++) out[c][i] = y[i];
        }
        return new Clip(rate, out);
    }
}
