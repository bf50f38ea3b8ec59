package org.siren4j.cli;

import java.nio.file.Path;
import org.siren4j.audio.WavWriter;
import picocli.CommandLine.Option;

/** Where a sound command writes: the WAV, its sample format and its JSON report (render, resample, denoise, host). */
public final class WavOutput {
    @Option(names = {"-o", "--out"}, paramLabel = "OUT.wav", description = "the WAV to write")
    public Path out;

    @Option(names = "--format", paramLabel = "pcm16|pcm24|float32", defaultValue = "float32",
            description = "sample format: pcm16 (TPDF-dithered), pcm24 or float32 (default: ${DEFAULT-VALUE})")
    public String format;

    @Option(names = "--report", paramLabel = "R.json", description = "the JSON report (default: beside the WAV, see above)")
    public Path report;

    /** The sample format, refused in one line before any work when unknown. */
    public WavWriter.Format format() { return WavWriter.Format.parse(format); }

    /** -o is required for this command. */
    public Path required() {
        if (out == null) throw new SirenCli.UserError("missing -o OUT.wav");
        return out;
    }

    /** The report's path: --report, else {@code OUT.wav} + {@code suffix} beside the WAV. */
    public Path report(String suffix) { return report != null ? report : out.resolveSibling(out.getFileName() + suffix); }
}
