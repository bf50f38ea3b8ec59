package org.siren4j.cli;

import org.siren4j.core.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.bench.ManyModelsBenchmark;
import org.siren4j.bench.OptimizerBenchmark;
import org.siren4j.bench.StepBenchmark;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.train.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training-step timings against the machine's own sgemm rate, measured in the same run. */
@Command(name = "bench", header = "Measure training and rendering speed against this machine's sgemm rate.",
        mixinStandardHelpOptions = true,
        description = {"Median ms per training step (forward, loss, backward, Adam) for the standard cases:",
                "  value-8192      1->256x3->1, value loss, batch 8192",
                "  value-65536     the same at batch 65536",
                "  laplacian-8192  2->256x3->1, Laplacian loss, batch 8192",
                "  models-64x32    32 models 1->64x2->1, 11025 points each, trained at once vs one by one",
                "with the GFLOP/s reached and the sgemm rate of this machine. Compare with",
                "benchmarks/torch/siren_ref.py bench run in the same minute (scripts/compare-torch.sh runs both)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--steps", description = "timed steps per case, after 3 warm-up steps (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int steps;

    @Option(names = "--case", description = "run only these cases (repeatable)")
    List<String> only;

    @Option(names = "--render-seconds", description = "length of the render test at 48 kHz, 0 to skip (default: ${DEFAULT-VALUE})", defaultValue = "5")
    double renderSeconds;

    @Option(names = "--fit", paramLabel = "WAV", description = "also time full-batch fitting of this WAV (the paper's audio setting) and report peak memory")
    java.nio.file.Path fitWav;

    @Option(names = "--optimizers", paramLabel = "SECONDS",
            description = "also compare Adam, Adam + cosine + spike guard, and that + an L-BFGS finish (or, on the audio segment, a Levenberg-Marquardt finish), SECONDS each, on a manufactured Poisson problem and one 0.25 s audio segment (of --fit WAV, else a generated tone)",
            defaultValue = "0")
    double optimizerSeconds;

    @Option(names = "--fit-steps", description = "steps of the --fit run (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int fitSteps;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new SirenCli.UserError("--steps must be at least 1, got " + steps);
        List<StepBenchmark.Case> cases = new ArrayList<>();
        for (StepBenchmark.Case c : StepBenchmark.standardCases()) if (only == null || only.contains(c.name())) cases.add(c);
        if (only != null)
            for (String name : only)
                if (!name.equals(MODELS_CASE) && !name.equals(AUDIO_SEGMENTS_CASE) && !name.equals(PLUGINS_CASE) && StepBenchmark.standardCases().stream().noneMatch(c -> c.name().equals(name)))
                    throw new SirenCli.UserError("unknown case '" + name + "' (cases: value-8192, value-65536, laplacian-8192, " + MODELS_CASE + ", " + AUDIO_SEGMENTS_CASE + ", " + PLUGINS_CASE + ")");
        if (optimizerSeconds < 0) throw new SirenCli.UserError("--optimizers must be >= 0 seconds");

        double sgemm = StepBenchmark.sgemmGflops(20);
        if (!json) {
            System.out.printf("sgemm on this machine: %.1f GFLOP/s (best of the step's three [8192,256] x [256,256] GEMM shapes, preallocated)%n", sgemm);
            System.out.printf("%-16s %6s %7s %-10s %10s %9s %10s%n", "case", "inputs", "batch", "loss", "ms/step", "GFLOP/s", "of sgemm");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (SirenEngine engine = Engines.cpu()) {
            for (StepBenchmark.Case c : cases) {
                StepBenchmark.CaseResult r = StepBenchmark.run(c, engine, steps);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("inputs", c.inputs());
                row.put("batch", c.batch());
                row.put("loss", c.loss());
                row.put("ms_per_step", round(r.msPerStep()));
                row.put("gflops", round(r.gflops()));
                rows.add(row);
                if (!json)
                    System.out.printf("%-16s %6d %7d %-10s %10.1f %9.1f %9.0f%%%n", c.name(), c.inputs(), c.batch(), c.loss(),
                            r.msPerStep(), r.gflops(), 100 * r.gflops() / sgemm);
            }
        }
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("sgemm_gflops", round(sgemm));
        rep.put("cases", rows);
        // the segment nets of `siren fit` (1->48x2->1 on one 62.5 ms segment at 44.1 kHz plus overlaps), and the older 64-wide case
        Object[][] manyCases = {{MODELS_CASE, 64, 11025}, {AUDIO_SEGMENTS_CASE, 48, 2888}};
        for (Object[] mc : manyCases) {
            String name = (String) mc[0];
            int width = (int) mc[1], points = (int) mc[2];
            if (only != null && !only.contains(name)) continue;
            ManyModelsBenchmark.Result m = ManyModelsBenchmark.run(32, points, width, Math.max(20, steps));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("models", m.models());
            row.put("points_each", m.points());
            row.put("network", "1->" + width + "x2->1");
            row.put("ms_per_round_together", round(m.msTogether()));
            row.put("ms_per_round_one_by_one", round(m.msOneByOne()));
            row.put("gflops_together", round(m.gflopsTogether()));
            row.put("gflops_one_by_one", round(m.gflopsOneByOne()));
            row.put("sgemm_fraction_together", round(m.gflopsTogether() / sgemm));
            row.put("sgemm_fraction_one_by_one", round(m.gflopsOneByOne() / sgemm));
            rep.put(name.equals(MODELS_CASE) ? "many_models" : "audio_segments", row);
            if (!json)
                System.out.printf("%s: one step of all 32 models: at once %.1f ms (%.1f GFLOP/s, %.0f%% of sgemm), one by one %.1f ms (%.1f GFLOP/s, %.0f%%)%n",
                        name, m.msTogether(), m.gflopsTogether(), 100 * m.gflopsTogether() / sgemm,
                        m.msOneByOne(), m.gflopsOneByOne(), 100 * m.gflopsOneByOne() / sgemm);
        }
        if (only == null || only.contains(PLUGINS_CASE)) rep.put("plugins", plugins());
        try (SirenEngine engine = Engines.cpu()) {
            if (renderSeconds > 0) {
                double x = StepBenchmark.renderRealtimeFactor(engine, 48000, renderSeconds);
                // the three 256x256 GEMMs alone cost 3 * 2 * 256^2 flops a sample: the bound at this sgemm rate
                double bound = sgemm * 1e9 / (48000.0 * 6 * 256 * 256);
                rep.put("render", Map.of("model", "1->256x3->1 (w0 3000)", "sample_rate", 48000, "seconds", renderSeconds,
                        "realtime_factor", round(x), "gemm_bound_realtime_factor", round(bound)));
                if (!json) System.out.printf("render: the paper's audio model at 48 kHz, %.1f s clip: %.1fx real time (its GEMMs alone, at this sgemm rate: %.1fx)%n",
                        renderSeconds, x, bound);
            }
            if (fitWav != null) rep.put("fit", fit(engine));
            if (optimizerSeconds > 0) rep.put("optimizers", optimizers(engine));
        }
        if (json) System.out.println(Reports.toJson(rep));
        return 0;
    }

    /**
     * The instruments in real time: 16 voices, 256-frame stereo blocks at 48 kHz, one thread; the sampler plays a
     * generated 0.25 s tone fitted once (the fit is timed apart), the string its shipped training.
     */
    private List<Map<String, Object>> plugins() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        int rate = 22050, n = rate / 4;
        float[][] tone = new float[1][n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate, s = 0;
            for (int h = 1; h <= 6; h++) s += Math.sin(2 * Math.PI * 220 * h * t) / h * Math.exp(-3 * h * t);
            tone[0][i] = (float) (0.3 * s);
        }
        org.siren4j.plugins.builtin.SirenSampler sampler = new org.siren4j.plugins.builtin.SirenSampler();
        sampler.setParam(sampler.paramIndex("root"), 57);
        org.siren4j.plugins.Analysing.ClipAudio audio = new org.siren4j.plugins.Analysing.ClipAudio(rate, tone);
        long t0 = System.nanoTime();
        byte[] fitted = sampler.analyse(audio, (f, w) -> { });
        double fitSeconds = (System.nanoTime() - t0) * 1e-9;
        sampler.setSample(audio, fitted);
        org.siren4j.plugins.builtin.SirenString string = new org.siren4j.plugins.builtin.SirenString();
        string.setTrained(string.analyse(org.siren4j.plugins.TrainedInstrument.NO_CLIP, (f, w) -> { }));
        for (org.siren4j.plugins.Plugin p : List.of(sampler, string)) {
            org.siren4j.plugins.host.PluginBenchmark.Result r = org.siren4j.plugins.host.PluginBenchmark.instrument(p, 16, 256, 48000, 5);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("plugin", r.plugin());
            row.put("voices", r.voices());
            row.put("block", r.block());
            row.put("sample_rate", r.rate());
            row.put("us_per_block", round(r.microsPerBlock()));
            row.put("block_us", round(r.blockMicros()));
            row.put("share_of_one_core", round(r.fraction()));
            if (p == sampler) {
                row.put("sample_fit_seconds", round(fitSeconds));
                row.put("playback_snr_db", samplerPlayback(audio, fitted, rate));
            }
            rows.add(row);
            if (!json) System.out.printf(Locale.ROOT, "%s: %d voices, %d-frame blocks at %d Hz: %.1f us per %.0f us block = %.2f%% of one core%s%n",
                    r.plugin(), r.voices(), r.block(), r.rate(), r.microsPerBlock(), r.blockMicros(), 100 * r.fraction(),
                    p == sampler ? String.format(Locale.ROOT, " (the 0.25 s sample fitted once in %.1f s)", fitSeconds) : "");
        }
        return rows;
    }

    /**
     * The sampler's playback at its root key and an octave either side (one note, flat envelope) against the ideal
     * band-limited resampling of the sample ({@link org.siren4j.audio.SincReference}), in dB, 30 ms from the ends.
     */
    private Map<String, Object> samplerPlayback(org.siren4j.plugins.Analysing.ClipAudio audio, byte[] fitted, int rate) {
        org.siren4j.plugins.builtin.SirenSampler s = new org.siren4j.plugins.builtin.SirenSampler();
        for (String[] pv : new String[][] {{"root", "57"}, {"attack_ms", "0"}, {"decay_ms", "0"}, {"sustain", "1"}, {"velocity", "0"}})
            s.setParam(s.paramIndex(pv[0]), Double.parseDouble(pv[1]));
        s.setSample(audio, fitted);
        double[] x = new double[audio.frames()];
        for (int i = 0; i < x.length; i++) x[i] = audio.samples()[0][i];
        Map<String, Object> snr = new LinkedHashMap<>();
        for (int semitones : new int[] {0, 12, -12}) {
            double step = Math.pow(2, semitones / 12.0);
            double[] y = org.siren4j.plugins.host.PluginBenchmark.playNote(s, rate, 57 + semitones, (int) (x.length / step));
            double db = org.siren4j.audio.SincReference.snrDb(x, y, step, (int) (0.03 * rate));
            snr.put(semitones == 0 ? "root" : String.format(Locale.ROOT, "%+d", semitones), round(db));
            if (!json) System.out.printf(Locale.ROOT, "siren.sampler playback %+d semitones against the ideal resampling: %.1f dB%n", semitones, db);
        }
        return snr;
    }

    /** Full-batch fitting of a real clip: ms per step, and resident memory after the first and last step. */
    private Map<String, Object> fit(SirenEngine engine) throws java.io.IOException {
        if (fitSteps < 1) throw new SirenCli.UserError("--fit-steps must be at least 1");
        org.siren4j.audio.Clip clip = org.siren4j.audio.AudioFiles.read(fitWav);
        org.siren4j.audio.AudioSignal.Normalized audio;
        try {
            audio = org.siren4j.audio.AudioSignal.normalize(clip.mono());
        } catch (IllegalArgumentException e) {
            throw new SirenCli.UserError(fitWav + ": " + e.getMessage());
        }
        double[] t = audio.time(), y = audio.target();
        int n = audio.samples();
        org.siren4j.core.SirenModel model = org.siren4j.core.SirenModel.create(org.siren4j.core.SirenSpec.audio(),
                Precision.FLOAT32, 0);
        org.siren4j.core.Objective obj = new org.siren4j.core.Objective(t, 1,
                List.of(org.siren4j.core.Residual.mse("samples").term(org.siren4j.core.ChannelRef.value(0)).target(y)));
        long[] rss = new long[fitSteps + 1];
        org.siren4j.core.train.Trainer.Result r = new org.siren4j.core.train.Trainer(engine).train(model, obj,
                org.siren4j.core.train.Trainer.Config.of(fitSteps, 1e-4), p -> rss[(int) p.step()] = StepBenchmark.rssBytes());
        double snr = org.siren4j.audio.AudioSignal.snrDb(y, model.evaluate(engine, t, n));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", fitWav.toString());
        out.put("samples", n);
        out.put("steps", r.steps());
        out.put("ms_per_step", round(1e3 * r.seconds() / r.steps()));
        out.put("snr_db", round(snr));
        out.put("rss_after_first_step_mb", rss[1] >> 20);
        out.put("rss_after_last_step_mb", rss[(int) r.steps()] >> 20);
        out.put("peak_rss_mb", StepBenchmark.peakRssBytes() >> 20);
        if (!json)
            System.out.printf("fit %s: %d samples, full batch, %d steps: %.1f ms/step, SNR %.2f dB; RSS %d MB after step 1, %d MB after step %d, peak %d MB%n",
                    fitWav.getFileName(), n, r.steps(), 1e3 * r.seconds() / r.steps(), snr, rss[1] >> 20, rss[(int) r.steps()] >> 20,
                    r.steps(), StepBenchmark.peakRssBytes() >> 20);
        return out;
    }

    static final String MODELS_CASE = "models-64x32", AUDIO_SEGMENTS_CASE = "audio-segments", PLUGINS_CASE = "plugins";

    /** Error against seconds for Adam, Adam + cosine + guard, and that + a second-order finish, on two small-net problems. */
    private List<Map<String, Object>> optimizers(SirenEngine engine) throws java.io.IOException {
        double[] seg;
        int rate;
        if (fitWav != null) {
            org.siren4j.audio.Clip clip = org.siren4j.audio.AudioFiles.read(fitWav);
            double[] mono = clip.mono();
            rate = clip.sampleRate();
            int len = rate / 4, start = Math.max(0, Math.min(mono.length - len, rate));
            if (mono.length < len) throw new SirenCli.UserError(fitWav + ": shorter than 0.25 s");
            seg = java.util.Arrays.copyOfRange(mono, start, start + len);
        } else {
            rate = 44100;
            seg = new double[rate / 4];
            for (int i = 0; i < seg.length; i++) {
                double t = (double) i / rate;
                seg[i] = Math.exp(-4 * t) * (Math.sin(2 * Math.PI * 330 * t) + 0.4 * Math.sin(2 * Math.PI * 1210 * t) + 0.2 * Math.sin(2 * Math.PI * 2750 * t));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (OptimizerBenchmark.Problem p : List.of(OptimizerBenchmark.poisson(engine), OptimizerBenchmark.segment(engine, seg, rate))) {
            for (OptimizerBenchmark.Curve c : OptimizerBenchmark.run(p, engine, optimizerSeconds)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("problem", p.name());
                row.put("network", p.spec().toString());
                row.put("method", c.method());
                row.put("quality", p.qualityName());
                row.put("final", c.finalError());
                if (!Double.isNaN(c.finalFit())) row.put("final_fit_snr_db", c.finalFit());
                row.put("adam_steps", c.adamSteps());
                row.put("finish_iterations", c.finishIterations());
                List<List<Double>> curve = new ArrayList<>();
                for (double[] pt : c.points()) curve.add(List.of(round(pt[0]), pt[1]));
                row.put("curve_seconds_quality", curve);
                out.add(row);
                if (!json)
                    System.out.printf("%-14s %-44s %s after %.0f s: %.4g%s (%d Adam steps, %d finish iterations)%n", p.name(), c.method(),
                            p.qualityName(), optimizerSeconds, c.finalError(),
                            Double.isNaN(c.finalFit()) ? "" : String.format(" (fitted samples %.2f dB)", c.finalFit()), c.adamSteps(), c.finishIterations());
            }
        }
        return out;
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
