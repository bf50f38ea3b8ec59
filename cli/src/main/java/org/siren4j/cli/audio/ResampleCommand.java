package org.siren4j.cli.audio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.ClassicResampler;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Renderer;
import org.siren4j.audio.WavWriter;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.WavOutput;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren resample}: fit, then render at another rate, band-limited to the source's band. */
@Command(name = "resample", header = "Resample a sound file through a band-limited SIREN fit.",
        mixinStandardHelpOptions = true,
        description = {"Resample a sound file through SIRENs: fit it, then render the fitted function at --rate,",
                "low-passed at the source's Nyquist frequency (the SIREN alone is not band-limited between samples)."})
public final class ResampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the sound file")
    Path in;

    @Option(names = "--rate", required = true, paramLabel = "HZ", description = "the new sample rate")
    int rate;

    @Mixin
    WavOutput output;

    @Option(names = "--baseline", description = "also write OUT.tarsos.wav: TarsosDSP's Resampler (hq) on the same input")
    boolean baseline;

    @Option(names = "--model", paramLabel = "MODEL", description = "also keep the fitted model here")
    Path model;

    @Option(names = "--band-penalty", paramLabel = "L", defaultValue = "1",
            description = "weight of the penalty on the fitted function's energy above the source's Nyquist frequency, between the samples (default: ${DEFAULT-VALUE}; 0: a plain fit)")
    double bandPenalty;

    @Mixin FitOptions fit;

    @Override
    public Integer call() throws Exception {
        Path out = output.required(), rep = output.report(".json");
        WavWriter.Format fmt = output.format();
        Path base = baseline ? out.resolveSibling(out.getFileName().toString().replaceFirst("(\\.wav)?$", ".tarsos.wav")) : null;
        Clip clip = Outputs.readInput(in, out, rep, model, base);
        Renderer.Span span = new Renderer.Span(0, clip.seconds(), rate, 1); // checks the rate before the fit
        if (!(bandPenalty >= 0) || bandPenalty > 1e6) throw new SirenCli.UserError("--band-penalty must lie in [0, 1e6], got " + bandPenalty);
        fit.defaultQuality = "high"; // the band-limited finish needs its iterations (drums x2: 29 dB at normal, 66 dB at high)
        AudioFitter.Settings s = fit.settings(clip);
        int factor = (int) Math.ceil(rate / (double) clip.sampleRate() - 1e-9);
        // upsampling: band-limited on the output's own grid, the first layer free to reach 6 kHz (or --first-hz)
        if (bandPenalty == 0) s = s.samplesOnly();
        else if (factor > 1) s = s.forOutputGrid(factor, bandPenalty, fit.firstHz != null ? fit.firstHz : 6000);
        else s = s.bandLimited(s.oversample(), bandPenalty);
        FitOptions.Fitted f = fit.fit(clip, s, out.resolveSibling(out.getFileName() + ".partial"), "fit");
        AudioModel m = f.model();
        if (model != null) m.save(model);
        long t0 = System.nanoTime();
        long clipped;
        try (SirenEngine engine = Engines.cpu(); WavWriter w = new WavWriter(out, rate, m.channels(), fmt)) {
            Renderer.render(m, engine, span, (b, n) -> w.write(b, 0, n));
            w.commit();
            clipped = w.clipped();
        }
        double renderSeconds = (System.nanoTime() - t0) * 1e-9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "resample");
        r.put("input", in.toString());
        r.put("from_rate", clip.sampleRate());
        r.put("to_rate", rate);
        r.put("output", out.toString());
        r.put("fit", f.report());
        r.put("render_seconds", Outputs.round(renderSeconds));
        r.put("clipped_samples", clipped);
        if (base != null) {
            WavWriter.write(base, ClassicResampler.resample(clip, rate), fmt);
            r.put("baseline", Map.of("method", "TarsosDSP Resampler (hq)", "output", base.toString()));
        }
        Reports.write(rep, r);
        System.out.printf("resampled %s from %d to %d Hz: fit SNR %.2f dB in %.1f s, rendered in %.2f s; wrote %s%s%n", in.getFileName(),
                clip.sampleRate(), rate, (double) f.report().get("snr_db"), (double) f.report().get("seconds"), renderSeconds, out,
                base != null ? " and " + base : "");
        return 0;
    }
}
