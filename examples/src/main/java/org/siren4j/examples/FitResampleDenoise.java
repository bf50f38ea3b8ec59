package org.siren4j.examples;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Renderer;
import org.siren4j.audio.SpectralDenoiser;
import org.siren4j.audio.WavWriter;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;

/**
 * The audio API end to end: a sound file (or a generated bell) fitted segment by segment and saved, rendered
 * at twice its rate band-limited, and a noisy copy cleaned. Arguments: [IN.wav [OUTDIR (default audio-example)]].
 */
public final class FitResampleDenoise {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 1 ? args[1] : "audio-example");
        Clip clip = args.length > 0 ? AudioFiles.read(Path.of(args[0])) : bell(16000, 0.75);
        double[] x = clip.samples()[0];

        // fit: quality presets are draft, normal, high, all band-limited (right between samples) and counted (reproducible)
        AudioFitter fitter = new AudioFitter(AudioFitter.Settings.quality("normal"));
        AudioModel model = fitter.fit(clip, fitter.layout(clip), out.resolve("fit.partial"), 30,
                p -> System.out.printf("\rsegments %d/%d  SNR %.1f dB", p.done(), p.total(), p.snrDb()));
        System.out.println();
        model.save(out.resolve("clip.siren"));
        java.nio.file.Files.deleteIfExists(out.resolve("fit.partial")); // the partial model is spent once the whole is saved
        try (SirenEngine engine = Engines.cpu()) {
            System.out.printf("fit SNR on the samples: %.2f dB%n", AudioSignal.snrDb(x, model.renderSamples(engine, 0)));
            // render: any rate, span and speed; the renderer low-passes at the source's Nyquist frequency
            Clip up = Renderer.renderClip(model, engine, new Renderer.Span(0, clip.seconds(), 2 * clip.sampleRate(), 1));
            WavWriter.write(out.resolve("twice_the_rate.wav"), up, WavWriter.Format.PCM24);
        }

        // denoise: a noisy copy at 10 dB, no noise profile
        double power = 0;
        for (double v : x) power += v * v / x.length;
        SplittableRandom rnd = new SplittableRandom(1);
        double[] noisy = new double[x.length];
        for (int i = 0; i < x.length; i++) noisy[i] = x[i] + Math.sqrt(power / 10) * rnd.nextGaussian();
        double[] clean = new SpectralDenoiser(SpectralDenoiser.Settings.defaults()).denoise(noisy, clip.sampleRate(), null, p -> { }).clean();
        WavWriter.write(out.resolve("denoised.wav"), Clip.mono(clip.sampleRate(), clean), WavWriter.Format.PCM16);
        System.out.printf("denoised: %.2f dB -> %.2f dB; wrote %s%n", AudioSignal.snrDb(x, noisy), AudioSignal.snrDb(x, clean), out);
    }

    /** A struck bell: inharmonic partials, each with its own decay. */
    static Clip bell(int rate, double seconds) {
        int n = (int) (rate * seconds);
        double[] y = new double[n];
        double[] f = {440, 1034, 1601, 2273, 2965}, d = {1.2, 2.0, 3.5, 5.0, 7.0};
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            for (int k = 0; k < f.length; k++) y[i] += 0.3 / (k + 1) * Math.exp(-d[k] * t) * Math.sin(2 * Math.PI * f[k] * t);
        }
        return Clip.mono(rate, y);
    }
}
