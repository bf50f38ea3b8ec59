package org.siren4j.cli.audio;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Renderer;
import org.siren4j.audio.WavWriter;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.WavOutput;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren render}: an audio model back to sound, at any rate, span and speed. */
@Command(name = "render", header = "Render an audio model as WAV at any rate, span and speed.",
        mixinStandardHelpOptions = true,
        description = {"Render an audio model as WAV at any rate, span and speed, band-limited to the source's band;",
                "streams in blocks, so memory stays flat for any length. Writes OUT.wav and OUT.wav.json (a report)."})
public final class RenderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "an audio model from siren fit")
    Path model;

    @Option(names = "--rate", paramLabel = "HZ", description = "output sample rate (default: the source's)")
    Integer rate;

    @Option(names = "--from", paramLabel = "S", defaultValue = "0", description = "start, seconds after the first source sample (default: 0)")
    double from;

    @Option(names = "--to", paramLabel = "S", description = "end, seconds (default: the source's length)")
    Double to;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1", description = "playback speed: 2 plays twice as fast, an octave up (default: 1)")
    double speed;

    @Mixin
    WavOutput output;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.required(), rep = output.report(".json");
        for (Path o : new Path[] {out, rep})
            if (Outputs.sameFile(model, o)) throw new SirenCli.UserError(o + ": the output would overwrite the input");
        if (Outputs.sameFile(out, rep)) throw new SirenCli.UserError(rep + ": the report would overwrite the WAV");
        WavWriter.Format fmt = output.format();
        AudioModel m = AudioModel.load(model);
        if (!m.complete()) throw new SirenCli.UserError(model + ": a partial fit (" + m.fittedCount() + " of " + m.segmentCount() * m.channels() + " segments); finish it with siren fit --resume");
        Renderer.Span span = new Renderer.Span(from, to != null ? to : m.seconds(), rate != null ? rate : m.sampleRate(), speed);
        if (!m.bandLimited() && span.betweenSamples(m))
            System.err.println("siren: warning: " + model + " was fitted to its samples only (not band-limited): between them, at this rate or speed, it is not the recorded sound; refit it without --samples-only");
        long total = span.frames();
        long t0 = System.nanoTime();
        try (SirenEngine engine = Engines.cpu(); WavWriter w = new WavWriter(out, span.rate(), m.channels(), fmt);
             Progress bar = Progress.units("render", total, quiet)) {
            Renderer.render(m, engine, span, (block, count) -> {
                w.write(block, 0, count);
                double el = (System.nanoTime() - t0) * 1e-9;
                bar.update(w.frames(), "frames", el / w.frames() * (total - w.frames()));
            });
            w.commit();
            double sec = (System.nanoTime() - t0) * 1e-9;
            bar.close();
            java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("command", "render");
            r.put("model", model.toString());
            r.put("band_limited", m.bandLimited());
            r.put("output", out.toString());
            r.put("rate", span.rate());
            r.put("frames", total);
            r.put("speed", speed);
            r.put("format", fmt.name().toLowerCase(java.util.Locale.ROOT));
            r.put("clipped_samples", w.clipped());
            r.put("seconds", sec);
            Reports.write(rep, r);
            System.out.printf("rendered %d frames at %d Hz (%.2f s of sound) in %.2f s (%.0fx real time)%s; wrote %s, %s%n", total, span.rate(),
                    total / (double) span.rate(), sec, total / (double) span.rate() / sec,
                    w.clipped() > 0 ? ", " + w.clipped() + " samples clipped" : "", out, rep.getFileName());
        }
        return 0;
    }
}
