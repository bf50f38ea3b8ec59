package org.siren4j.cli.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.RunOptions;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import picocli.CommandLine.Option;

/** How a clip is fitted: shared by {@code fit}, {@code resample} and {@code denoise}. */
final class FitOptions extends RunOptions {
    @Option(names = "--quality", paramLabel = "Q",
            description = "draft, normal or high: the per-segment training (default: normal; resample: high)")
    String quality;

    /** The quality a command uses when none is given. */
    String defaultQuality = "normal";

    @Option(names = "--steps", paramLabel = "N", description = "Adam steps per segment (before the Levenberg-Marquardt finish)")
    Integer steps;

    @Option(names = "--finish-iterations", paramLabel = "N", description = "band-limited Levenberg-Marquardt iterations per segment, after Adam and the quality's few iterations on the samples (default: the quality's, 8 / 18 / 32; with --samples-only all are on the samples; resample makes the quality's samples iterations band-limited too; 0: no finish)")
    Integer finishIterations;

    @Option(names = "--target-snr", paramLabel = "DB", description = "a segment stops training once its SNR reaches DB")
    Double targetSnr;

    @Option(names = "--checkpoint-every", defaultValue = "30", paramLabel = "S",
            description = "save the partial model every S seconds (default: ${DEFAULT-VALUE})")
    double checkpointEvery;

    @Option(names = "--samples-only", description = "fit the samples only, not the function between them: faster, but the model is not band-limited and sounds wrong at other rates or speeds")
    boolean samplesOnly;

    @Option(names = "--segment", paramLabel = "S", description = "segment length in seconds (default: the quality's, 0.0625)")
    Double segment;

    @Option(names = "--width", paramLabel = "W", description = "hidden width of each segment's net (default: the quality's, 48)")
    Integer width;

    @Option(names = "--first-hz", paramLabel = "HZ", description = "highest frequency of the first sine layer (its w0; default: the quality's, 3000; band-limited fits keep it at or below 1/8 of the sample rate)")
    Double firstHz;

    private String chosenQuality() { return quality != null ? quality : defaultQuality; }

    AudioFitter.Settings settings(Clip clip) {
        AudioFitter.Settings s;
        try {
            s = AudioFitter.Settings.quality(chosenQuality()).withSeed(seed);
        } catch (IllegalArgumentException e) {
            throw new SirenCli.UserError("--quality: " + e.getMessage());
        }
        if (samplesOnly) s = s.samplesOnly();
        if (segment != null) {
            if (!(segment > 0 && segment <= 10)) throw new SirenCli.UserError("--segment must lie in (0, 10] seconds, got " + segment);
            s = s.withHop(segment);
        }
        if (width != null || firstHz != null) {
            if (width != null && (width < 2 || width > 1024)) throw new SirenCli.UserError("--width must lie in [2, 1024], got " + width);
            if (firstHz != null && !(firstHz > 0 && firstHz < 1e6)) throw new SirenCli.UserError("--first-hz must lie in (0, 1e6), got " + firstHz);
            s = s.withNet(width != null ? width : s.width(), firstHz != null ? firstHz : s.firstLayerHz());
        }
        if (steps != null) {
            if (steps < 1) throw new SirenCli.UserError("--steps must be >= 1, got " + steps);
            s = s.withSteps(steps);
        }
        if (finishIterations != null) {
            if (finishIterations < 0 || finishIterations > 100000) throw new SirenCli.UserError("--finish-iterations must lie in [0, 100000], got " + finishIterations);
            s = s.withFinishIterations(finishIterations);
        }
        if (targetSnr != null) {
            if (!(targetSnr > 0 && targetSnr < 300)) throw new SirenCli.UserError("--target-snr must lie in (0, 300) dB, got " + targetSnr);
            s = s.withTargetSnr(targetSnr);
        }
        if (seconds() > 0) {
            s = s.withSecondsPerSegment(seconds * s.cores() / new AudioFitter(s).nets(clip));
            System.err.println("siren: --seconds: a time budget; the model depends on machine load and is not reproducible (--steps and the qualities are)");
        }
        if (!(checkpointEvery > 0)) throw new SirenCli.UserError("--checkpoint-every must be > 0 seconds");
        return s;
    }

    /** The result of a fit: the model, its SNR on the clip's own samples, and report entries. */
    record Fitted(AudioModel model, Map<String, Object> report) {}

    /** Fits {@code clip} with a progress bar, resuming from {@code checkpoint} when asked; deletes the checkpoint when done. */
    Fitted fit(Clip clip, Path checkpoint, String task) throws IOException { return fit(clip, settings(clip), checkpoint, task); }

    Fitted fit(Clip clip, AudioFitter.Settings s, Path checkpoint, String task) throws IOException {
        AudioFitter fitter = new AudioFitter(s);
        AudioModel model = null;
        if (resume) {
            if (!Files.isRegularFile(checkpoint)) throw new SirenCli.UserError("--resume: no checkpoint at " + checkpoint);
            model = fitter.resumable(clip, checkpoint);
        }
        double resumedFrom = 0;
        if (model == null) model = fitter.layout(clip);
        else {
            resumedFrom = Double.parseDouble(model.metadata().getOrDefault("train_seconds", "0"));
            System.err.printf("siren: resuming %s: %d of %d segments fitted, %.1f s trained%n", checkpoint, model.fittedCount(),
                    model.segmentCount() * model.channels(), resumedFrom);
        }
        int total = model.segmentCount() * model.channels();
        double[] trained = {resumedFrom};
        try (Progress bar = Progress.units(task, total, quiet)) {
            bar.update(model.fittedCount(), "", Double.NaN);
            fitter.fit(clip, model, checkpoint, checkpointEvery, p -> {
                trained[0] = p.seconds();
                bar.update(p.done(), String.format("segments  SNR %.1f dB", p.snrDb()), p.etaSeconds());
            });
        }
        Files.deleteIfExists(checkpoint);
        model.metadata().put("quality", chosenQuality()); // the preset the counts came from
        Map<String, Object> rep = new LinkedHashMap<>();
        try (SirenEngine engine = Engines.cpu()) {
            AudioModel.Fidelity q = model.fidelity(engine, clip);
            rep.put("snr_db", Outputs.round(q.snrDb()));
            rep.put("psnr_db", Outputs.round(q.psnrDb()));
            rep.put("mse", q.mse());
        }
        rep.put("seconds", Outputs.round(trained[0]));
        rep.put("band_limited", s.isBandLimited());
        if (s.isBandLimited()) rep.put("oversample", s.oversample());
        rep.put("reproducible", !s.timed());
        rep.put("resumed_from_seconds", Outputs.round(resumedFrom));
        rep.put("segments", model.segmentCount());
        rep.put("channels", model.channels());
        rep.put("segment_net", "1->" + model.spec().hidden() + "x" + model.spec().hiddenLayers() + "->1, w0 " + Outputs.round(model.spec().w0First()));
        rep.put("segment_frames", model.hop());
        rep.put("overlap_frames", model.overlap());
        rep.put("parameters", model.parameterCount());
        rep.put("settings", s);
        return new Fitted(model, rep);
    }
}
