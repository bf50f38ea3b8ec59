package org.siren4j.cli.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Plots;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.WavOutput;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.JackOutput;
import org.siren4j.plugins.host.LiveOutput;
import org.siren4j.plugins.host.Session;
import org.siren4j.plugins.host.SessionException;
import org.siren4j.plugins.host.SessionReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "host", header = "Play a session (tracks of clips or notes, insert chains, automation): bounce it, or play it live.",
        mixinStandardHelpOptions = true,
        description = {"Reads SESSION.json (tracks of audio clips or of notes for an instrument, insert chains per track and on the",
                "master, parameter automation, volume and pan; see the README) and bounces it offline to MIX.wav, the same",
                "bytes for any --block, with MIX.png (waveform and spectrogram) and MIX.json (a report). Whole-clip effects",
                "(siren.denoise, siren.resample) analyse each clip first; their results are cached in SESSION.siren-cache/",
                "beside the session, so a second bounce does not retrain. --play streams the mix to the sound card",
                "(javax.sound), --jack runs it as a JACK client; both in real time, analyses never on the audio thread",
                "(a clip plays dry until its analysis is done). A plugin that fails is bypassed and reported."})
public final class HostCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION.json", description = "the session file")
    Path sessionFile;

    @Mixin
    WavOutput output = new WavOutput();

    @Option(names = "--rate", paramLabel = "HZ", description = "render at this rate instead of the session's")
    Integer rate;

    @Option(names = "--block", defaultValue = "256", paramLabel = "N", description = "frames per process call (default: ${DEFAULT-VALUE}); the bounce does not depend on it")
    int block;

    @Option(names = "--play", description = "play the session live through the sound card")
    boolean play;

    @Option(names = "--device", paramLabel = "NAME", description = "with --play: the sound card whose javax.sound name contains NAME (default: the system's default output)")
    String device;

    @Option(names = "--jack", description = "run the session as a JACK client (ports siren:out_1, out_2) in real time")
    boolean jack;

    @Option(names = "--connect", description = "with --jack: connect the outputs to the physical playback ports at once")
    boolean connect;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.out;
        if (out == null && !play && !jack) throw new SirenCli.UserError("nothing to do: give -o MIX.wav, --play or --jack");
        if (play && jack) throw new SirenCli.UserError("--play and --jack: choose one live output");
        if (device != null && !play) throw new SirenCli.UserError("--device is for --play");
        if (block < 1 || block > 16384) throw new SirenCli.UserError("--block must lie in 1..16384, got " + block);
        if (rate != null && (rate < 8000 || rate > 384000)) throw new SirenCli.UserError("--rate must lie in 8000..384000 Hz, got " + rate);
        output.format(); // checked before any work
        if (!Files.isRegularFile(sessionFile)) throw new SirenCli.UserError(sessionFile + ": no such session file");
        Session s;
        try {
            s = SessionReader.read(sessionFile);
        } catch (SessionException e) {
            throw new SirenCli.UserError(sessionFile + ": " + e.getMessage());
        }
        if (rate != null) s = new Session(s.file(), rate, s.channels(), s.tracks(), s.master());
        if (out != null) {
            refuseOverwritingInputs(s);
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            bounce(s);
        }
        if (play || jack) {
            Path cache = Analyses.besideSession(sessionFile);
            try (Analyses live = new Analyses(cache, false, (what, f) -> {})) {
                LiveOutput.Result r = play ? LiveOutput.playOnLine(s, block, live, quiet ? null : System.err, device)
                        : JackOutput.play(s, live, quiet ? null : System.err, "siren", connect);
                for (String f : r.failures()) System.err.println("siren: " + f);
                System.out.printf(Locale.ROOT, "played %.2f s live (%s)%n", r.seconds(), r.device());
            } catch (LiveOutput.NoDeviceException e) {
                throw new SirenCli.UserError(e.getMessage());
            }
        }
        return 0;
    }

    /** The picture and the report written beside MIX.wav: MIX.png and MIX.json (or {@code --report}). */
    private Path picture() { return beside(".png"); }

    private Path reportFile() { return output.report != null ? output.report : beside(".json"); }

    /** MIX.wav's name with another extension, in its folder. */
    private Path beside(String extension) {
        Path out = output.out;
        return out.resolveSibling(out.getFileName().toString().replaceFirst("\\.[^.]*$", "") + extension);
    }

    /** No output, sidecars included, may land on an input: the session, a clip or an instrument's sample. */
    private void refuseOverwritingInputs(Session s) throws java.io.IOException {
        java.util.Map<Path, String> inputs = new java.util.LinkedHashMap<>();
        inputs.put(sessionFile, "the session");
        for (Session.Track t : s.tracks()) {
            for (Session.ClipRef c : t.clips()) inputs.put(c.file(), "the clip " + c.jsonPath());
            if (t.instrument() != null && t.instrument().sample() != null) inputs.put(t.instrument().sample(), "the sample " + t.instrument().jsonPath());
        }
        String[][] outputs = {{"-o", output.out.toString()}, {"the picture", picture().toString()}, {"the report", reportFile().toString()}};
        for (String[] o : outputs)
            for (var in : inputs.entrySet())
                if (Outputs.sameFile(Path.of(o[1]), in.getKey()))
                    throw new SirenCli.UserError(o[1] + ": " + o[0] + " would overwrite " + in.getValue() + "; give -o another name"
                            + (o[0].equals("the report") ? " or --report R.json" : ""));
    }

    /** Bounces {@code sessionFile} to {@code out} (with PNG and JSON beside it); the report as a map. */
    public static Map<String, Object> bounce(Path sessionFile, Path out, boolean quiet) throws Exception {
        HostCommand h = new HostCommand();
        h.sessionFile = sessionFile;
        h.output.out = out;
        h.output.format = "float32";
        h.block = 256;
        h.quiet = quiet;
        try {
            return h.bounce(SessionReader.read(sessionFile));
        } catch (SessionException e) {
            throw new SirenCli.UserError(sessionFile + ": " + e.getMessage());
        }
    }

    private Map<String, Object> bounce(Session s) throws Exception {
        Path out = output.out;
        Path png = picture(), json = reportFile();
        Progress[] analysisBar = new Progress[1];
        String[] current = {""};
        Analyses analyses = new Analyses(Analyses.besideSession(sessionFile), true, new Analyses.Listener() {
            @Override public void progress(String what, double fraction) {
                String clip = what.split(" ")[0];
                if (!clip.equals(current[0])) {
                    if (analysisBar[0] != null) analysisBar[0].close();
                    analysisBar[0] = Progress.units("analysis " + clip, 1000, quiet);
                    current[0] = clip;
                }
                analysisBar[0].update((long) (1000 * fraction), what.substring(clip.length()).trim(), Double.NaN);
            }
        });
        Bounce.Result r;
        Progress[] bar = new Progress[1];
        long t0 = System.nanoTime();
        long[] lastShown = {0};
        try {
            r = Bounce.toWav(s, out, block, output.format(), analyses, (done, total) -> {
                if (bar[0] == null) {
                    if (analysisBar[0] != null) analysisBar[0].close();
                    analysisBar[0] = null;
                    bar[0] = Progress.units("bounce", total, quiet);
                }
                long now = System.nanoTime();
                if (done < total && now - lastShown[0] < 100_000_000L) return; // the bar every 0.1 s: drawing it per block costs more than the mix
                lastShown[0] = now;
                double sec = (now - t0) * 1e-9;
                bar[0].update(done, String.format(Locale.ROOT, "%.1f s of audio", done / (double) s.sampleRate()),
                        sec / Math.max(1, done) * (total - done));
            });
        } catch (SessionException e) {
            throw new SirenCli.UserError(sessionFile + ": " + e.getMessage());
        } finally {
            if (bar[0] != null) bar[0].close();
            if (analysisBar[0] != null) analysisBar[0].close();
            analyses.close();
        }
        double[] mono = AudioFiles.read(out).mono();
        Plots.write(png, "mix of " + sessionFile.getFileName(), mono, r.sampleRate(), null);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("command", "host");
        rep.put("session", sessionFile.toString());
        rep.put("out", out.toString());
        rep.put("sample_rate", r.sampleRate());
        rep.put("channels", r.channels());
        rep.put("frames", r.frames());
        rep.put("audio_seconds", r.frames() / (double) r.sampleRate());
        rep.put("block", block);
        rep.put("setup_seconds", r.setupSeconds());
        rep.put("render_seconds", r.renderSeconds());
        rep.put("realtime_factor", r.frames() / (double) r.sampleRate() / Math.max(1e-9, r.renderSeconds()));
        rep.put("analyses_computed", analyses.computed());
        rep.put("analyses_cached", analyses.reused());
        rep.put("failures", r.failures());
        Reports.write(json, rep);
        for (String f : r.failures()) System.err.println("siren: " + f);
        System.out.printf(Locale.ROOT, "bounced %.2f s (%d ch, %d Hz) in %.2f s (setup %.2f s, mix %.2f s: %.0fx real time)%s: %s, %s, %s%n",
                r.frames() / (double) r.sampleRate(), r.channels(), r.sampleRate(), r.seconds(), r.setupSeconds(), r.renderSeconds(),
                r.frames() / (double) r.sampleRate() / Math.max(1e-9, r.renderSeconds()), analyses.computed() + analyses.reused() > 0
                        ? String.format(Locale.ROOT, " (%d clip analyses computed, %d from the cache)", analyses.computed(), analyses.reused()) : "",
                out, png.getFileName(), json.getFileName());
        return rep;
    }
}
