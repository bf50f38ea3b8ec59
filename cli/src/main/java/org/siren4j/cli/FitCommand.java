package org.siren4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.Clip;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren fit}: a sound file into an audio model (a small SIREN per segment and channel). */
@Command(name = "fit", header = "Fit a sound file with SIRENs (one small net per segment and channel).",
        mixinStandardHelpOptions = true,
        description = {"Fit a sound file (WAV, AIFF, AU) with SIRENs: one small net per 62.5 ms segment and channel.",
                "Writes the model; a killed fit continues with --resume."})
final class FitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the sound file")
    Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "the model file to write (.siren)")
    Path out;

    @Option(names = "--report", paramLabel = "R.json", description = "JSON report (default: MODEL with .json)")
    Path report;

    @Mixin FitOptions fit;

    @Override
    public Integer call() throws Exception {
        Path rep = report != null ? report : out.resolveSibling(out.getFileName() + ".json");
        Clip clip = FitOptions.readInput(in, out, rep);
        FitOptions.Fitted f = fit.fit(clip, out.resolveSibling(out.getFileName() + ".partial"), "fit");
        f.model().metadata().put("source", in.getFileName().toString());
        f.model().save(out);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "fit");
        r.put("input", in.toString());
        r.put("sample_rate", clip.sampleRate());
        r.put("frames", clip.frames());
        r.put("audio_seconds", FitOptions.round(clip.seconds()));
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
