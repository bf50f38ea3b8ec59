package org.siren4j.plugins.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Renderer;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.plugins.Analysing;

/** The audio module's segment SIRENs as a plugin analysis: a clip fitted to model bytes, and back to a table. */
final class SegmentFits {
    /** Fit qualities a plugin offers: draft's short finish leaves the function between samples 7-16% off. */
    static final String[] QUALITIES = {"normal", "high"};
    /**
     * High by default: playback must stay 60 dB clean against an ideal resampler below 90% of the band on every kind
     * of material, and normal's fits fall short on broadband hits and recorded speech (README, playback table);
     * the fit runs once per clip and is cached, so a user waits for it once.
     */
    static final int DEFAULT_QUALITY = 1;

    private SegmentFits() {}

    /** The clip fitted band-limited (it is read between its samples), as the model file's bytes. */
    static byte[] fit(Analysing.ClipAudio clip, String quality, Analysing.Progress progress) throws InterruptedException {
        double[][] x = new double[clip.samples().length][clip.frames()];
        for (int c = 0; c < x.length; c++) for (int i = 0; i < x[c].length; i++) x[c][i] = clip.samples()[c][i];
        Clip in = new Clip((int) Math.round(clip.sampleRate()), x);
        AudioFitter fitter = new AudioFitter(AudioFitter.Settings.quality(quality));
        try {
            AudioModel m = fitter.fit(in, fitter.layout(in), null, 0, p -> progress.report(p.done() / (double) p.total(),
                    String.format(Locale.ROOT, "fitting: %d/%d segments, %.1f dB", p.done(), p.total(), p.snrDb())));
            if (Thread.interrupted()) throw new InterruptedException();
            m.metadata().put("quality", quality);
            return TempFiles.bytesOf(m::save);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AudioModel model(byte[] bytes) { return TempFiles.fromBytes(bytes, AudioModel::load); }

    /** The model's continuous function rendered band-limited onto a 4x grid, as playback levels. */
    static Wavetable table(AudioModel m) {
        try (SirenEngine engine = Engines.cpu()) {
            Clip fine = Renderer.renderClip(m, engine, new Renderer.Span(0, m.seconds(), Wavetable.OVERSAMPLE * m.sampleRate(), 1));
            return new Wavetable(fine.samples(), m.sampleRate(), (int) m.frames());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
