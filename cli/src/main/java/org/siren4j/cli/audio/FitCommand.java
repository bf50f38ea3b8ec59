package org.siren4j.cli.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.Clip;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren fit}: a sound file into an audio model (a small SIREN per segment and channel). */
@Command(name = "fit", header = "Fit a sound file, or a folder of them, with SIRENs (one small net per segment and channel).",
        mixinStandardHelpOptions = true,
        description = {"Fit a sound file (WAV, AIFF, AU) with SIRENs: one small net per 62.5 ms segment and channel.",
                "Writes the model; a killed fit continues with --resume.",
                "",
                "A folder: siren fit DIR -o OUTDIR fits every sound file under DIR into OUTDIR (the same folders, NAME.siren),",
                "--jobs files at a time on this machine's cores, or as Spark tasks with --master local[N] | spark://HOST:PORT |",
                "yarn (paths may then be hdfs:// or s3a://). OUTDIR/index.json lists every file (model, snr_db, seconds, status,",
                "error), rewritten after each one. A file whose model is newer than it is skipped (--force refits), so a killed",
                "batch resumes where it stopped; a bad file is reported and skipped. Exit code 1 when any file failed.",
                "With --steps, the same folder and --seed give byte-identical models for any --jobs, locally or on Spark."})
public final class FitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the sound file, or a folder of them")
    String in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "the model file to write (.siren), or the folder for a folder's models")
    String out;

    @Option(names = "--report", paramLabel = "R.json", description = "JSON report (default: MODEL with .json)")
    Path report;

    @Option(names = "--jobs", paramLabel = "N", description = "a folder: files fitted at a time (default: one per core; each gets cores / N threads)")
    Integer jobs;

    @Option(names = "--force", description = "a folder: refit files whose model is up to date")
    boolean force;

    @Option(names = "--seconds-per-clip", paramLabel = "S", description = "a folder: training budget per file (instead of the quality's step counts)")
    Double secondsPerClip;

    @Option(names = "--master", paramLabel = "URL", description = "a folder: run the fits on Spark (local[N], spark://HOST:PORT, yarn)")
    String master;

    @Mixin FitOptions fit;

    @Override
    public Integer call() throws Exception {
        if (master != null || Files.isDirectory(Path.of(in))) return FitBatch.run(new FitBatch.Request(in, out, fit, jobs, force, secondsPerClip, master));
        if (jobs != null || force || secondsPerClip != null)
            throw new SirenCli.UserError("--jobs, --force and --seconds-per-clip are for a folder; " + in + " is a file");
        Path in = Path.of(this.in), out = Path.of(this.out);
        Path rep = report != null ? report : out.resolveSibling(out.getFileName() + ".json");
        Clip clip = Outputs.readInput(in, out, rep);
        FitOptions.Fitted f = fit.fit(clip, out.resolveSibling(out.getFileName() + ".partial"), "fit");
        f.model().metadata().put("source", in.getFileName().toString());
        f.model().save(out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "fit");
        r.put("input", in.toString());
        r.put("sample_rate", clip.sampleRate());
        r.put("frames", clip.frames());
        r.put("audio_seconds", Outputs.round(clip.seconds()));
        r.putAll(f.report());
        r.put("model", out.toString());
        r.put("model_bytes", Files.size(out));
        r.put("wav_bytes", Files.size(in));
        r.put("wav16_bytes", 44 + 2L * clip.frames() * clip.channels());
        Reports.write(rep, r);
        System.out.printf("fitted %s (%.2f s, %d ch) in %.1f s: SNR %.2f dB; wrote %s (%d bytes) and %s%n", in.getFileName(), clip.seconds(),
                clip.channels(), (double) f.report().get("seconds"), (double) f.report().get("snr_db"), out, Files.size(out), rep);
        return 0;
    }
}
