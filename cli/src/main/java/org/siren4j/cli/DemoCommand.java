package org.siren4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Plots;
import org.siren4j.audio.Renderer;
import org.siren4j.audio.SpectralDenoiser;
import org.siren4j.audio.WavWriter;
import org.siren4j.cli.host.HostCommand;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job on a built-in default: fit the paper's audio SIREN to a generated chord. */
@Command(name = "demo", header = "Run the main job on a built-in clip: fit, resample, write WAVs and a report.",
        mixinStandardHelpOptions = true,
        description = {"Fit the paper's audio SIREN (1->256x3->1, w0 3000) to a generated 0.5 s chord at 16 kHz,",
                "then write the model, the target and its reconstruction as WAV, and a JSON report. Then the audio",
                "commands on the same chord: fit it segment by segment, resample it to 32 kHz band-limited, denoise a",
                "copy with 10 dB of white noise, and draw the paper net's reconstruction against the chord (demo.png)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})", defaultValue = "siren-demo")
    Path out;

    @Option(names = "--steps", description = "training steps (default: ${DEFAULT-VALUE})", defaultValue = "400")
    int steps;

    @Mixin
    RunOptions run;

    @Option(names = "--checkpoint-every", description = "save the training state to DIR/demo.ckpt every N steps (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int checkpointEvery;

    static final int RATE = 16000;

    /** A 0.5 s A-major chord with a plucked envelope and a little vibrato: real audio structure, no file needed. */
    static double[] chord(int n) {
        double[] y = new double[n];
        double[] f = {220.0, 277.18, 329.63, 440.0};
        double[] a = {0.45, 0.3, 0.25, 0.15};
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE, env = (1 - Math.exp(-t / 0.01)) * Math.exp(-t / 0.35);
            double s = 0;
            for (int k = 0; k < f.length; k++) s += a[k] * Math.sin(2 * Math.PI * f[k] * t + 0.002 * Math.sin(2 * Math.PI * 5 * t) * f[k]);
            y[i] = env * s;
        }
        return y;
    }

    /**
     * The audio commands on the same chord: a segment fit (fit), a band-limited 3x resampling (resample), a
     * denoised noisy copy (denoise), and a picture of the paper-net's reconstruction against the target (plot).
     */
    /** The example session (shipped in the jar) bounced: its clips are analysed once, then cached in OUT/session/. */
    private Map<String, Object> session() throws Exception {
        Path dir = out.resolve("session");
        java.nio.file.Files.createDirectories(dir.resolve("clips"));
        String base = "/org/siren4j/cli/session/";
        for (String f : new String[] {"demo.json", "clips/vowel-noisy.wav", "clips/phrase.wav", "clips/pluck.wav", "clips/bell-8k.wav"})
            try (java.io.InputStream in = DemoCommand.class.getResourceAsStream(base + f)) {
                if (in == null) throw new IllegalStateException("the jar lacks the example session's " + f);
                java.nio.file.Files.copy(in, dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        return HostCommand.bounce(dir.resolve("demo.json"), out.resolve("session-mix.wav"), run.quiet);
    }

    private Map<String, Object> audioPipeline(double[] signal, double[] target, double[] paperFit) throws java.io.IOException {
        Map<String, Object> a = new LinkedHashMap<>();
        Clip clip = Clip.mono(RATE, signal);
        AudioFitter.Settings s = AudioFitter.Settings.quality("normal").withSeed(run.seed);
        AudioFitter fitter = new AudioFitter(s);
        long t0 = System.nanoTime();
        AudioModel m;
        try (Progress bar = Progress.units("segments", fitter.layout(clip).segmentCount(), run.quiet)) {
            m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> bar.update(p.done(), String.format("SNR %.1f dB", p.snrDb()), p.etaSeconds()));
        }
        double fitSeconds = (System.nanoTime() - t0) * 1e-9;
        m.save(out.resolve("segments.siren"));
        try (SirenEngine engine = Engines.cpu()) {
            a.put("segment_fit_snr_db", Outputs.round(AudioSignal.snrDb(signal, m.renderSamples(engine, 0))));
            a.put("segment_fit_seconds", Outputs.round(fitSeconds));
            a.put("segment_parameters", m.parameterCount());
            WavWriter.write(out.resolve("resampled_32k.wav"), Renderer.renderClip(m, engine, new Renderer.Span(0, clip.seconds(), 32000, 1)), WavWriter.Format.PCM16);
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(run.seed);
        double power = 0;
        for (double v : signal) power += v * v / signal.length;
        double sigma = Math.sqrt(power / 10); // 10 dB SNR
        double[] noisy = new double[signal.length];
        for (int i = 0; i < noisy.length; i++) noisy[i] = signal[i] + sigma * rnd.nextGaussian();
        WavWriter.write(out.resolve("noisy.wav"), Clip.mono(RATE, noisy), WavWriter.Format.PCM16);
        SpectralDenoiser.Settings d = SpectralDenoiser.Settings.defaults();
        d = d.withSteps(400).withSeed(run.seed);
        double[] clean = new SpectralDenoiser(d).denoise(noisy, RATE, null, p -> { }).clean();
        double[] plain = new SpectralDenoiser(d.withSiren(false)).denoise(noisy, RATE, null, p -> { }).clean();
        WavWriter.write(out.resolve("denoised.wav"), Clip.mono(RATE, clean), WavWriter.Format.PCM16);
        a.put("noisy_snr_db", Outputs.round(AudioSignal.snrDb(signal, noisy)));
        a.put("denoised_snr_db", Outputs.round(AudioSignal.snrDb(signal, clean)));
        a.put("denoised_without_siren_snr_db", Outputs.round(AudioSignal.snrDb(signal, plain)));
        Plots.write(out.resolve("demo.png"), "demo: the paper's net (1->256x3->1) fitted to the chord, against the chord", paperFit, RATE, signal);
        return a;
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new SirenCli.UserError("--steps must be at least 1, got " + steps);
        if (checkpointEvery < 1) throw new SirenCli.UserError("--checkpoint-every must be at least 1, got " + checkpointEvery);
        run.seconds(); // refuses a bad --seconds before any work
        Path checkpoint = out.resolve("demo.ckpt");
        if (run.resume && !Files.isRegularFile(checkpoint)) throw new SirenCli.UserError("--resume: no checkpoint at " + checkpoint);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new SirenCli.UserError(out + " exists and is not a folder");
        Files.createDirectories(out);

        int n = RATE / 2;
        double[] signal = chord(n);
        AudioSignal.Normalized clip = AudioSignal.normalize(signal);
        double[] t = clip.time(), target = clip.target();
        double scale = clip.scale();

        SirenSpec spec = SirenSpec.audio();
        SirenModel model = SirenModel.create(spec, run.seed);
        model.metadata().put("problem", "demo-chord");
        model.metadata().put("sample_rate", Integer.toString(RATE));
        model.metadata().put("samples", Integer.toString(n));
        model.metadata().put("time_span", "-1,1");
        model.metadata().put("amplitude_scale", Double.toString(scale));
        Objective obj = new Objective(t, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(target)));

        try (SirenEngine engine = Engines.cpu(); Progress progress = new Progress("demo", steps, "SNR dB", run.quiet)) {
            Trainer.Metric snr = new Trainer.Metric() {
                public String name() { return "snr_db"; }
                public double measure(SirenModel m) { return AudioSignal.snrDb(target, m.evaluate(engine, t, n)); }
            };
            Trainer.Config cfg = Trainer.Config.builder().steps(steps).seconds(run.seconds()).schedule(Schedule.cosine(2e-4, 0.05))
                    .metric(snr, 25, Double.NaN).checkpoint(checkpoint, checkpointEvery).resume(run.resume).build();
            Trainer.Result r = new Trainer(engine).train(model, obj, cfg, progress);
            progress.close();

            double[] fit = model.evaluate(engine, t, n);
            double snrDb = AudioSignal.snrDb(target, fit);
            double mse = 0;
            for (int i = 0; i < n; i++) mse += (fit[i] - target[i]) * (fit[i] - target[i]) / n;
            double[] outFit = new double[n];
            for (int i = 0; i < n; i++) outFit[i] = fit[i] * scale;
            Path modelFile = out.resolve("demo.siren"), targetWav = out.resolve("target.wav"),
                    fitWav = out.resolve("reconstruction.wav"), report = out.resolve("report.json");
            ModelFile.save(model, modelFile);
            WavWriter.write(targetWav, Clip.mono(RATE, signal), WavWriter.Format.PCM16);
            WavWriter.write(fitWav, Clip.mono(RATE, outFit), WavWriter.Format.PCM16);

            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "demo");
            rep.put("signal", Map.of("kind", "A-major chord, plucked envelope", "sample_rate", RATE, "samples", n));
            rep.put("network", spec.toString());
            rep.put("parameters", spec.parameterCount());
            rep.put("engine", engine.name());
            rep.put("steps", r.steps());
            rep.put("stop_reason", r.reason().name().toLowerCase());
            rep.put("reproducible", run.seconds == null);
            rep.put("seconds", r.seconds());
            rep.put("ms_per_step", 1e3 * r.seconds() / Math.max(1, r.steps()));
            rep.put("final_loss", r.finalLoss());
            rep.put("snr_db", snrDb);
            rep.put("psnr_db", 10 * Math.log10(1 / mse));
            rep.put("rollbacks", r.rollbacks());
            rep.put("spikes", r.spikes());
            rep.put("checkpoint", checkpoint.toString());
            rep.put("files", Map.of("model", modelFile.toString(), "target_wav", targetWav.toString(),
                    "reconstruction_wav", fitWav.toString()));
            rep.put("audio_pipeline", audioPipeline(signal, target, outFit));
            rep.put("session", session());
            Reports.write(report, rep);
            System.out.printf("fitted %d samples in %d steps (%.1f s, %.1f ms/step): SNR %.2f dB%n",
                    n, r.steps(), r.seconds(), 1e3 * r.seconds() / Math.max(1, r.steps()), snrDb);
            System.out.println("wrote " + modelFile + ", " + targetWav + ", " + fitWav + ", " + report + " (training state: " + checkpoint + ")");
            @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) rep.get("audio_pipeline");
            System.out.printf("segment fit: SNR %.2f dB in %.1f s; resampled to 32 kHz; denoised a 10 dB noisy copy to %.2f dB (%.2f dB with the SIREN prior removed)%n",
                    (double) a.get("segment_fit_snr_db"), (double) a.get("segment_fit_seconds"), (double) a.get("denoised_snr_db"), (double) a.get("denoised_without_siren_snr_db"));
            System.out.println("wrote " + out.resolve("segments.siren") + ", " + out.resolve("resampled_32k.wav") + ", " + out.resolve("noisy.wav") + ", "
                    + out.resolve("denoised.wav") + ", " + out.resolve("demo.png"));
            @SuppressWarnings("unchecked") Map<String, Object> ses = (Map<String, Object>) rep.get("session");
            System.out.println("session: every plugin (denoise, varispeed, apply, sampler, string, eq, gain, pan, mix) bounced to " + ses.get("out")
                    + ", with session-mix.png");
        }
        return 0;
    }
}
