package org.siren4j.cli.audio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.SpectralDenoiser;
import org.siren4j.audio.WavWriter;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.WavOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren denoise}: a Wiener-type gain whose SNR estimate is a SIREN fitted over the time-frequency plane. */
@Command(name = "denoise", mixinStandardHelpOptions = true, header = "Remove noise with a SIREN fitted over the time-frequency plane as a smooth spectral prior.",
        description = {"Remove stationary noise. A SIREN fitted to the noisy log-power spectrogram is a smooth estimate of signal",
                "plus noise per time and frequency; each bin gets the Wiener gain of that estimate. The noise level comes",
                "from --noise-profile when given, else from the recording itself."})
public final class DenoiseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the noisy sound file")
    Path in;

    @Option(names = "--noise-profile", paramLabel = "NOISE.wav", description = "a recording of the noise alone (optional)")
    Path profile;

    @Option(names = "--noise", paramLabel = "white|colored", defaultValue = "white",
            description = "without --noise-profile: white noise (one level, from the quietest bins) or any colour (a level per bin; needs quiet moments) (default: ${DEFAULT-VALUE})")
    String noiseColor;

    @Option(names = "--strength", paramLabel = "X", defaultValue = "1", description = "noise over-estimate: > 1 removes more (default: ${DEFAULT-VALUE})")
    double strength;

    @Option(names = "--no-siren", description = "the same pipeline with the raw spectrogram in place of the SIREN (the ablation)")
    boolean noSiren;

    @Option(names = "--clean", paramLabel = "REF.wav", description = "the clean signal, if known: the report gives the SNR before and after")
    Path clean;

    @Mixin
    WavOutput output;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        WavWriter.Format fmt = output.format();
        if (!noiseColor.equals("white") && !noiseColor.equals("colored")) throw new SirenCli.UserError("--noise must be white or colored, got " + noiseColor);
        if (!(strength > 0 && strength <= 100)) throw new SirenCli.UserError("--strength must lie in (0, 100], got " + strength);
        Path rep = output.report(".json");
        for (Path other : new Path[] {profile, clean})
            if (other != null && (Outputs.sameFile(other, out) || Outputs.sameFile(other, rep)))
                throw new SirenCli.UserError(out + ": the output would overwrite " + other);
        Clip x = Outputs.readInput(in, out, rep);
        Clip noise = profile == null ? null : AudioFiles.read(profile);
        if (noise != null && noise.sampleRate() != x.sampleRate())
            throw new SirenCli.UserError(profile + ": rate " + noise.sampleRate() + " Hz differs from the input's " + x.sampleRate() + " Hz");
        Clip ref = clean == null ? null : AudioFiles.read(clean);
        if (ref != null && (ref.channels() != x.channels() || ref.sampleRate() != x.sampleRate()))
            throw new SirenCli.UserError(clean + ": channels or rate differ from the input's");
        SpectralDenoiser.Settings s = SpectralDenoiser.Settings.defaults().withStrength(strength).withSiren(!noSiren);
        s = s.withSeed(seed).withWhiteNoise(noiseColor.equals("white"));
        double[][] outSamples = new double[x.channels()][];
        List<Map<String, Object>> perChannel = new ArrayList<>();
        double seconds = 0;
        for (int c = 0; c < x.channels(); c++) {
            final int ch = c;
            SpectralDenoiser.Result r;
            try (Progress bar = new Progress("denoise" + (x.channels() > 1 ? " ch" + c : ""), s.steps(), "", quiet || noSiren)) {
                double[] nz = noise == null ? null : noise.samples()[Math.min(c, noise.channels() - 1)];
                r = new SpectralDenoiser(s).denoise(x.samples()[c], x.sampleRate(), nz, bar::onProgress);
            }
            outSamples[c] = r.clean();
            seconds += r.seconds();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("channel", ch);
            m.put("noise_rms", r.noiseRms());
            m.put("noise_from", profile != null ? "profile" : "estimated from the input (" + noiseColor + ")");
            if (!noSiren) m.put("prior_fit_mse_nats", Outputs.round(r.priorLossNats()));
            if (ref != null) {
                m.put("snr_in_db", Outputs.round(AudioSignal.snrDb(ref.samples()[c], x.samples()[c])));
                m.put("snr_out_db", Outputs.round(AudioSignal.snrDb(ref.samples()[c], r.clean())));
            }
            perChannel.add(m);
        }
        WavWriter.write(out, new Clip(x.sampleRate(), outSamples), fmt);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "denoise");
        r.put("input", in.toString());
        r.put("output", out.toString());
        r.put("method", noSiren ? "Wiener gain from the raw periodogram (ablation: no SIREN)" : "Wiener gain from a SIREN fitted to the log-power spectrogram");
        r.put("seconds", Outputs.round(seconds));
        r.put("audio_seconds", Outputs.round(x.seconds()));
        r.put("channels", perChannel);
        r.put("settings", s);
        Reports.write(rep, r);
        System.out.printf("denoised %s in %.1f s%s; wrote %s%n", in.getFileName(), seconds,
                ref != null ? String.format(": SNR %.2f -> %.2f dB", (double) perChannel.get(0).get("snr_in_db"), (double) perChannel.get(0).get("snr_out_db")) : "", out);
        return 0;
    }
}
