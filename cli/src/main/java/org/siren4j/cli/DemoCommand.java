package org.siren4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.WavFiles;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The main job on a built-in default: fit the paper's audio SIREN to a generated chord. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fit the paper's audio SIREN (1->256x3->1, w0 3000) to a generated 0.5 s chord at 16 kHz,",
                "then write the model, the target and its reconstruction as WAV, and a JSON report."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})", defaultValue = "siren-demo")
    Path out;

    @Option(names = "--steps", description = "training steps (default: ${DEFAULT-VALUE})", defaultValue = "400")
    int steps;

    @Option(names = "--seconds", description = "stop after this many seconds (0: no limit)", defaultValue = "0")
    double seconds;

    @Option(names = "--seed", description = "weight seed (default: ${DEFAULT-VALUE})", defaultValue = "0")
    long seed;

    @Option(names = "--checkpoint-every", description = "save the training state to DIR/demo.ckpt every N steps (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int checkpointEvery;

    @Option(names = "--resume", description = "continue from DIR/demo.ckpt where an interrupted run left off")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

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

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new SirenCli.UserError("--steps must be at least 1, got " + steps);
        if (seconds < 0) throw new SirenCli.UserError("--seconds must be >= 0");
        if (checkpointEvery < 1) throw new SirenCli.UserError("--checkpoint-every must be at least 1, got " + checkpointEvery);
        Path checkpoint = out.resolve("demo.ckpt");
        if (resume && !Files.isRegularFile(checkpoint)) throw new SirenCli.UserError("--resume: no checkpoint at " + checkpoint);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new SirenCli.UserError(out + " exists and is not a folder");
        Files.createDirectories(out);

        int n = RATE / 2;
        double[] signal = chord(n);
        AudioSignal.Normalized clip = AudioSignal.normalize(signal);
        double[] t = clip.time(), target = clip.target();
        double scale = clip.scale();

        SirenSpec spec = SirenSpec.audio();
        SirenModel model = SirenModel.create(spec, DataType.FLOAT, seed);
        model.metadata().put("problem", "demo-chord");
        model.metadata().put("sample_rate", Integer.toString(RATE));
        model.metadata().put("samples", Integer.toString(n));
        model.metadata().put("time_span", "-1,1");
        model.metadata().put("amplitude_scale", Double.toString(scale));
        Objective obj = new Objective(t, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(target)));

        try (FusedEngine engine = new FusedEngine(); Progress progress = new Progress("demo", steps, "SNR dB", quiet)) {
            Trainer.Metric snr = new Trainer.Metric() {
                public String name() { return "snr_db"; }
                public double measure(SirenModel m) { return AudioSignal.snrDb(target, m.evaluate(engine, t, n)); }
            };
            Trainer.Config cfg = Trainer.Config.builder().steps(steps).seconds(seconds).schedule(Schedule.cosine(2e-4, 0.05))
                    .metric(snr, 25, Double.NaN).checkpoint(checkpoint, checkpointEvery).resume(resume).build();
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
            WavFiles.write16(targetWav, signal, RATE);
            WavFiles.write16(fitWav, outFit, RATE);

            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("command", "demo");
            rep.put("signal", Map.of("kind", "A-major chord, plucked envelope", "sample_rate", RATE, "samples", n));
            rep.put("network", spec.toString());
            rep.put("parameters", spec.parameterCount());
            rep.put("engine", engine.name());
            rep.put("steps", r.steps());
            rep.put("stop_reason", r.reason().name().toLowerCase());
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
            Reports.write(report, rep);
            System.out.printf("fitted %d samples in %d steps (%.1f s, %.1f ms/step): SNR %.2f dB%n",
                    n, r.steps(), r.seconds(), 1e3 * r.seconds() / Math.max(1, r.steps()), snrDb);
            System.out.println("wrote " + modelFile + ", " + targetWav + ", " + fitWav + ", " + report + " (training state: " + checkpoint + ")");
        }
        return 0;
    }
}
