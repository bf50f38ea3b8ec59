package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;

/** fit, render, resample and info end to end on a short generated clip; every bad input gives exit code 2 and no file. */
class AudioCommandsTest {
    @TempDir Path dir;

    static final String[] QUICK = {"--quality", "draft", "--steps", "100", "--width", "24", "-q"};

    Path tone() throws Exception {
        double[] x = new double[4000];
        for (int i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 300 * i / 8000.0) * Math.exp(-2.0 * i / 8000);
        Path p = dir.resolve("in.wav");
        WavWriter.write(p, Clip.mono(8000, x), WavWriter.Format.PCM16);
        return p;
    }

    static String[] with(String[] base, String... more) {
        String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    @Test
    void fitRenderResampleInfo() throws Exception {
        Path in = tone(), model = dir.resolve("m.siren");
        Cli.Run r = Cli.run(with(new String[] {"fit", in.toString(), "-o", model.toString()}, QUICK));
        assertThat(r.code()).as(r.err()).isZero();
        var rep = Reports.JSON.readTree(dir.resolve("m.siren.json").toFile());
        assertThat(rep.get("snr_db").asDouble()).isGreaterThan(20);
        for (String k : new String[] {"psnr_db", "mse", "seconds", "parameters", "model_bytes", "wav_bytes", "resumed_from_seconds"})
            assertThat(rep.has(k)).as(k).isTrue();
        assertThat(dir.resolve("m.siren.partial")).doesNotExist();

        // a time budget for the whole clip instead of step counts is the user's explicit choice, and the report says the
        // model is then not reproducible (what it reaches in 3 s depends on the machine's load: nothing here asserts it)
        Path timed = dir.resolve("t.siren");
        r = Cli.run("fit", in.toString(), "-o", timed.toString(), "--seconds", "3", "--width", "16", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        var trep = Reports.JSON.readTree(dir.resolve("t.siren.json").toFile());
        assertThat(trep.get("reproducible").asBoolean(true)).isFalse();
        assertThat(trep.get("snr_db").asDouble()).isFinite();

        Path out = dir.resolve("r.wav");
        r = Cli.run("render", model.toString(), "-o", out.toString(), "--rate", "16000", "--format", "pcm24", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        Clip c = AudioFiles.read(out);
        assertThat(c.sampleRate()).isEqualTo(16000);
        assertThat(c.frames()).isEqualTo(8000);

        // a stereo 24-bit file comes back as stereo
        double[][] st = {AudioFiles.read(in).samples()[0], new double[4000]};
        for (int i = 0; i < 4000; i++) st[1][i] = 0.3 * Math.sin(2 * Math.PI * 500 * i / 8000.0);
        Path stereo = dir.resolve("st.wav"), stModel = dir.resolve("st.siren"), stOut = dir.resolve("st_out.wav");
        WavWriter.write(stereo, new Clip(8000, st), WavWriter.Format.PCM24);
        assertThat(Cli.run(with(new String[] {"fit", stereo.toString(), "-o", stModel.toString()}, QUICK)).code()).isZero();
        assertThat(Cli.run("render", stModel.toString(), "-o", stOut.toString(), "-q").code()).isZero();
        Clip back = AudioFiles.read(stOut);
        assertThat(back.channels()).isEqualTo(2);
        assertThat(org.siren4j.audio.AudioSignal.snrDb(st[1], back.samples()[1])).isGreaterThan(20);

        r = Cli.run("info", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Reports.JSON.readTree(r.out()).get("sample_rate").asInt()).isEqualTo(8000);

        Path up = dir.resolve("up.wav");
        r = Cli.run(with(new String[] {"resample", in.toString(), "-o", up.toString(), "--rate", "24000", "--baseline"}, QUICK));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(AudioFiles.read(up).frames()).isEqualTo(12000);
        assertThat(AudioFiles.read(dir.resolve("up.tarsos.wav")).frames()).isEqualTo(12000);

        Path clean = dir.resolve("clean.wav");
        r = Cli.run("denoise", in.toString(), "-o", clean.toString(), "--clean", in.toString(), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(AudioFiles.read(clean).frames()).isEqualTo(4000);
        assertThat(Reports.JSON.readTree(dir.resolve("clean.wav.json").toFile()).get("channels").get(0).has("snr_out_db")).isTrue();

        Path png = dir.resolve("p.png");
        r = Cli.run("plot", model.toString(), "-o", png.toString(), "--compare", in.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(javax.imageio.ImageIO.read(png.toFile()).getHeight()).isGreaterThan(500);
    }

    @Test
    void badInputsExitTwoAndLeaveNothing() throws Exception {
        Path in = tone();
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio");
        Path cut = dir.resolve("cut.wav");
        byte[] b = Files.readAllBytes(in);
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 1000));
        Path out = dir.resolve("out.siren");
        String[][] cases = {
                {"fit", dir.resolve("missing.wav").toString(), "-o", out.toString()},
                {"fit", text.toString(), "-o", out.toString()},
                {"fit", cut.toString(), "-o", out.toString()},
                {"fit", in.toString(), "-o", in.toString()},
                {"fit", in.toString(), "-o", out.toString(), "--quality", "ultra"},
                {"fit", in.toString(), "-o", out.toString(), "--resume"},
                {"render", text.toString(), "-o", dir.resolve("x.wav").toString()},
                {"render", in.toString(), "-o", dir.resolve("x.wav").toString()},
                {"resample", in.toString(), "-o", dir.resolve("x.wav").toString(), "--rate", "5"},
                {"render", out.toString(), "-o", out.toString()},
                {"denoise", in.toString(), "-o", dir.resolve("x.wav").toString(), "--strength", "0"},
                {"denoise", text.toString(), "-o", dir.resolve("x.wav").toString()},
                {"plot", text.toString(), "-o", dir.resolve("x.png").toString()},
        };
        for (String[] args : cases) {
            java.util.Set<Path> before = new java.util.HashSet<>();
            try (var s = Files.list(dir)) { s.forEach(before::add); }
            Cli.Run r = Cli.run(args[0].equals("plot") ? args : with(args, "-q"));
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("siren: ").doesNotContain("\n").doesNotContain("Exception");
            try (var s = Files.list(dir)) { assertThat(s.filter(p -> !before.contains(p))).as(String.join(" ", args)).isEmpty(); }
        }
        assertThat(Files.readAllBytes(in)).isEqualTo(b);
    }

    /**
     * Into a log (stderr not a terminal) the progress is plain lines, no carriage-return frames; a model fitted to its
     * samples only warns when rendered at another rate, a default (band-limited) one does not, and info says which.
     */
    @Test
    void progressInALogIsPlainLinesAndSamplesOnlyModelsWarnWhenRenderedBetweenSamples() throws Exception {
        Path in = tone(), plain = dir.resolve("plain.siren"), bl = dir.resolve("bl.siren");
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true));
        try {
            assertThat(Cli.run("fit", in.toString(), "-o", plain.toString(), "--samples-only", "--steps", "60", "--width", "16").code()).isZero();
            assertThat(Cli.run("fit", in.toString(), "-o", bl.toString(), "--quality", "draft", "--steps", "60", "--width", "16", "-q").code()).isZero();
            String fitLog = log.toString();
            assertThat(fitLog).doesNotContain("\r").contains("fit");
            log.reset();
            assertThat(Cli.run("render", bl.toString(), "-o", dir.resolve("bl.wav").toString(), "--rate", "16000", "-q").code()).isZero();
            assertThat(log.toString()).doesNotContain("warning");
            assertThat(Cli.run("render", plain.toString(), "-o", dir.resolve("plain.wav").toString(), "-q").code()).isZero();
            assertThat(log.toString()).as("at its own rate").doesNotContain("warning");
            assertThat(Cli.run("render", plain.toString(), "-o", dir.resolve("plain2.wav").toString(), "--rate", "16000", "-q").code()).isZero();
            assertThat(log.toString().strip().lines()).hasSize(1).first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("warning").contains("not band-limited");
        } finally {
            System.setErr(saved);
        }
        assertThat(Reports.JSON.readTree(dir.resolve("bl.siren.json").toFile()).get("band_limited").asBoolean()).isTrue();
        assertThat(Reports.JSON.readTree(dir.resolve("plain.siren.json").toFile()).get("band_limited").asBoolean()).isFalse();
        Cli.Run info = Cli.run("info", bl.toString(), "--json");
        var j = Reports.JSON.readTree(info.out());
        assertThat(j.get("band_limited").asBoolean()).isTrue();
        assertThat(j.get("fitted").asText()).contains(org.siren4j.audio.AudioFitter.DEFAULT_OVERSAMPLE + "x grid");
        assertThat(j.get("metadata").get("quality").asText()).isEqualTo("draft");
        assertThat(j.get("budget").asText()).contains("Adam steps").contains("Levenberg-Marquardt iterations");
        assertThat(Reports.JSON.readTree(Cli.run("info", plain.toString(), "--json").out()).get("band_limited").asBoolean()).isFalse();
        // the band limit is the finish's work: without a finish the model does not claim it
        Path noFinish = dir.resolve("nofinish.siren");
        assertThat(Cli.run("fit", in.toString(), "-o", noFinish.toString(), "--finish-iterations", "0", "--steps", "60", "--width", "16", "-q").code()).isZero();
        assertThat(Reports.JSON.readTree(dir.resolve("nofinish.siren.json").toFile()).get("band_limited").asBoolean()).isFalse();
        assertThat(Cli.run("fit", in.toString(), "-o", noFinish.toString(), "--finish-iterations", "-1").code()).isEqualTo(2);
    }
}
