package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioSystem;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenModel;

class SirenCliTest {
    @TempDir Path dir;

    @Test
    void wrongArgumentsGiveOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"bogus"}, {"demo", "--steps", "zero"}, {"demo", "--steps", "0"},
                {"bench", "--case", "nope", "--render-seconds", "0"}, {"demo", "--nope"},
                {"demo", "--out", dir.resolve("empty").toString(), "--resume"}, {"demo", "--checkpoint-every", "0"},
                {"solve", "poisson", "--source", "sin(x", "-o", dir.resolve("p").toString()},
                {"solve", "poisson", "--source", "1", "--domain", "1,0,0,1", "-o", dir.resolve("p").toString()},
                {"solve", "poisson", "-o", dir.resolve("p").toString()},
                {"solve", "poisson-image", "--image", dir.resolve("none.png").toString(), "-o", dir.resolve("i").toString()},
                {"solve", "poisson-image", "--image", dir.resolve("none.png").toString(), "--from", "curl", "-o", dir.resolve("i").toString()},
                {"solve", "helmholtz", "--k", "0", "-o", dir.resolve("h").toString()},
                {"solve", "helmholtz", "--source", "1.5,0", "-o", dir.resolve("h").toString()},
                {"solve", "helmholtz", "--pml-width", "1.2", "-o", dir.resolve("h").toString()},
                {"solve", "helmholtz", "--velocity", "1+z", "-o", dir.resolve("h").toString()},
                {"solve", "helmholtz", "--velocity", "x", "-o", dir.resolve("h").toString()},
                {"solve", "wave", "--init", "exp(-(x^2+y^2)", "-o", dir.resolve("w").toString()},
                {"solve", "wave", "--init", "gaussian:0,0,0", "-o", dir.resolve("w").toString()},
                {"solve", "wave", "--times", "0.5,0.1", "-o", dir.resolve("w").toString()},
                {"solve", "string", "--freq", "0", "--wav", dir.resolve("s.wav").toString(), "-o", dir.resolve("s").toString()},
                {"solve", "string", "--freq", "220", "--pluck", "1.5", "--wav", dir.resolve("s.wav").toString(), "-o", dir.resolve("s").toString()}}) {
            Cli.Run r = Cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ");
        }
        for (String name : new String[] {"p", "i", "h", "w", "s", "s.wav"}) assertThat(dir.resolve(name)).as("nothing written: " + name).doesNotExist();
    }

    @Test
    void helpAndVersion() {
        assertThat(Cli.run("--help").code()).isZero();
        String usage = SirenCli.commandLine().getUsageMessage();
        assertThat(usage).contains("demo").contains("bench").contains("fit").contains("render").contains("resample").contains("denoise").contains("plot").contains("info");
        // every command's summary in that list (its header) is one whole sentence
        SirenCli.commandLine().getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            String[] header = sub.getCommandSpec().usageMessage().header();
            assertThat(header).as(name).hasSize(1);
            assertThat(header[0]).as(name).endsWith(".").doesNotEndWith("..");
        });
        assertThat(Cli.run("--version").code()).isZero();
        assertThat(new SirenCli.Version().getVersion()[0]).startsWith("siren4j ");
    }

    @Test
    void demoWritesModelWavsAndReport() throws Exception {
        Path out = dir.resolve("demo");
        Cli.Run r = Cli.run("demo", "--out", out.toString(), "--steps", "30", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        assertThat(rep.get("steps").asInt()).isEqualTo(30);
        // 30 counted steps give the same fit on any load: 10.0 dB measured (an untrained net scores 0, a broken gradient ~0)
        assertThat(rep.get("snr_db").asDouble()).isGreaterThan(8);
        assertThat(rep.get("parameters").asLong()).isEqualTo(198_145);
        SirenModel m = ModelFile.load(out.resolve("demo.siren"));
        assertThat(m.metadata()).containsEntry("sample_rate", "16000");
        // the WAVs open with javax.sound, at the right rate and length
        var fmt = AudioSystem.getAudioFileFormat(out.resolve("reconstruction.wav").toFile());
        assertThat(fmt.getFormat().getSampleRate()).isEqualTo(16000f);
        assertThat(fmt.getFrameLength()).isEqualTo(8000);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("demo.siren", "demo.ckpt", "target.wav", "reconstruction.wav", "report.json",
                    "segments.siren", "resampled_32k.wav", "noisy.wav", "denoised.wav", "demo.png",
                    "session", "session-mix.wav", "session-mix.png", "session-mix.json");
        }
        // the example session, every plugin in it, bounced without a failure
        var mix = AudioSystem.getAudioFileFormat(out.resolve("session-mix.wav").toFile());
        assertThat(mix.getFormat().getChannels()).isEqualTo(2);
        assertThat(mix.getFormat().getSampleRate()).isEqualTo(24000f);
        assertThat(mix.getFrameLength()).isGreaterThan(4 * 24000);
        assertThat(rep.get("session").get("failures")).isEmpty();
        assertThat(rep.get("session").get("analyses_computed").asInt()).isEqualTo(5);
        JsonNode a = rep.get("audio_pipeline");
        assertThat(a.get("segment_fit_snr_db").asDouble()).isGreaterThan(80); // measured 91.0 (normal preset, counted)
        assertThat(a.get("denoised_snr_db").asDouble()).isGreaterThan(a.get("noisy_snr_db").asDouble() + 12); // measured 10.1 -> 24.2
        assertThat(AudioSystem.getAudioFileFormat(out.resolve("resampled_32k.wav").toFile()).getFrameLength()).isEqualTo(16000);
        assertThat(javax.imageio.ImageIO.read(out.resolve("demo.png").toFile()).getWidth()).isGreaterThan(1000);
    }

    @Test
    void benchJsonHasTheDocumentedShape() throws Exception {
        Cli.Run r = Cli.run("bench", "--json", "--steps", "1", "--case", "value-8192", "--render-seconds", "0.2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rep = Reports.JSON.readTree(r.out());
        assertThat(rep.get("sgemm_gflops").asDouble()).isPositive();
        JsonNode c = rep.get("cases").get(0);
        assertThat(c.get("name").asText()).isEqualTo("value-8192");
        assertThat(c.get("inputs").asInt()).isEqualTo(1);
        assertThat(c.get("batch").asInt()).isEqualTo(8192);
        assertThat(c.get("loss").asText()).isEqualTo("value");
        assertThat(c.get("ms_per_step").asDouble()).isPositive();
        assertThat(c.get("gflops").asDouble()).isPositive();
        assertThat(rep.get("render").get("realtime_factor").asDouble()).isPositive();
    }

    /** Relative L2 distance over the points where {@code keep} holds (all when null): computed here, from the files. */
    static double relL2(double[] u, double[] ref, java.util.function.IntPredicate keep) {
        double e = 0, s = 0;
        for (int p = 0; p < u.length; p++) {
            if (keep != null && !keep.test(p)) continue;
            e += (u[p] - ref[p]) * (u[p] - ref[p]);
            s += ref[p] * ref[p];
        }
        return Math.sqrt(e / s);
    }

    static double[] npy(Path file) throws Exception { return org.siren4j.pde.Npy.read(file).data(); }

    /**
     * A counted Poisson solve (300 Adam steps, 200 L-BFGS iterations at width 16) writes every file in its layout, is
     * accurate (rel L2 4.2e-3 against the exact solution when this was written; an untrained net scores 1), and its
     * report agrees with the exact solution sampled here from u.npy.
     */
    @Test
    void solvePoissonWritesFieldsPicturesModelAndReport() throws Exception {
        Path out = dir.resolve("poisson");
        Cli.Run r = Cli.run("solve", "poisson", "--source", "2*pi^2*sin(pi*x)*sin(pi*y)", "--exact", "sin(pi*x)*sin(pi*y)",
                "--grid", "33", "--steps", "300", "--lbfgs-iterations", "200", "--width", "16", "-q", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("u.npy", "u_fd.npy", "u.png", "u_fd.png", "error.png",
                    "model.siren", "report.json", "checkpoint.ckpt");
        }
        org.siren4j.pde.Npy.Array u = org.siren4j.pde.Npy.read(out.resolve("u.npy")), fd = org.siren4j.pde.Npy.read(out.resolve("u_fd.npy"));
        assertThat(u.shape()).containsExactly(33, 33);
        // the FD reference against the exact solution at grid point (i, j) = (24, 8): x = -0.5, y = 0.5
        assertThat(fd.data()[24 * 33 + 8]).isCloseTo(Math.sin(-0.5 * Math.PI) * Math.sin(0.5 * Math.PI), org.assertj.core.data.Offset.offset(5e-3));
        double[] exact = new double[33 * 33];
        for (int i = 0; i < 33; i++)
            for (int j = 0; j < 33; j++) exact[i * 33 + j] = Math.sin(Math.PI * (-1 + j / 16.0)) * Math.sin(Math.PI * (-1 + i / 16.0));
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        double relL2 = relL2(u.data(), exact, null);
        assertThat(relL2).as("rel L2 from u.npy").isLessThan(0.02);
        assertThat(rep.get("rel_l2").asDouble()).isCloseTo(relL2, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(rep.get("rel_l2_fd").asDouble()).isCloseTo(relL2(u.data(), fd.data(), null), org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(rep.get("fd_rel_l2_vs_exact").asDouble()).as("second order: about (pi h)^2 / 12 at h = 1/16").isLessThan(5e-3);
        assertThat(rep.get("steps").asInt()).isEqualTo(300);
        assertThat(rep.get("lbfgs_iterations").asInt()).isEqualTo(200);
        assertThat(rep.get("budget").asText()).isEqualTo("300 steps + 200 L-BFGS iterations");
    }

    /**
     * Short counted runs of every other solve write the files in their layout, and the error each report gives is the one
     * computed here from the fields it wrote (a report that measured the wrong thing, or wrote the wrong field, fails).
     */
    @Test
    void everySolveWritesItsFiles() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(24, 20, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < 20; r++) for (int c = 0; c < 24; c++) img.getRaster().setSample(c, r, 0, (r * 7 + c * 13) % 256);
        Path png = dir.resolve("in.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        Path pi = dir.resolve("pi");
        Cli.Run r = Cli.run("solve", "poisson-image", "--image", png.toString(), "--size", "16", "--steps", "3", "-q", "-o", pi.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(org.siren4j.pde.Npy.read(pi.resolve("u.npy")).shape()).containsExactly(16, 16);
        assertThat(Reports.JSON.readTree(pi.resolve("report.json").toFile()).get("psnr_db").asDouble()).isFinite();
        assertThat(pi.resolve("u.png")).exists();
        assertThat(pi.resolve("truth.png")).exists();

        Path w = dir.resolve("w");
        r = Cli.run("solve", "wave", "--grid", "17", "--steps", "3", "--width", "16", "--times", "0,0.2,0.4", "-q", "-o", w.toString());
        assertThat(r.code()).as(r.err()).isZero();
        org.siren4j.pde.Npy.Array wu = org.siren4j.pde.Npy.read(w.resolve("u.npy"));
        assertThat(wu.shape()).containsExactly(3, 17, 17);
        assertThat(npy(w.resolve("times.npy"))).containsExactly(0, 0.2, 0.4);
        assertThat(w.resolve("frame_02.png")).exists();
        var wrep = Reports.JSON.readTree(w.resolve("report.json").toFile());
        double[] wfd = npy(w.resolve("u_fd.npy"));
        for (int k = 0; k < 3; k++) {
            int frame = k;
            double mine = relL2(wu.data(), wfd, p -> p / (17 * 17) == frame);
            assertThat(wrep.get("rel_l2_fd_per_time").get(k).asDouble()).as("frame " + k).isCloseTo(mine, org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
        assertThat(relL2(wu.data(), wfd, p -> p < 17 * 17)).as("u(0) is built in: the initial pulse exactly").isLessThan(1e-6);

        Path w1 = dir.resolve("w1");
        r = Cli.run("solve", "wave", "--dim", "1", "--grid", "65", "--steps", "3", "--width", "16", "-q", "-o", w1.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(org.siren4j.pde.Npy.read(w1.resolve("u.npy")).shape()).containsExactly(5, 65);

        Path h = dir.resolve("h");
        r = Cli.run("solve", "helmholtz", "--k", "6", "--grid", "33", "--steps", "3", "--width", "16", "-q", "-o", h.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var rep = Reports.JSON.readTree(h.resolve("report.json").toFile());
        for (String f : new String[] {"u_re.npy", "u_im.npy", "u_fd_re.npy", "u_fd_im.npy", "u_exact_re.npy", "model.siren"}) assertThat(h.resolve(f)).exists();
        double[] re = npy(h.resolve("u_re.npy")), im = npy(h.resolve("u_im.npy"));
        double[] ere = npy(h.resolve("u_exact_re.npy")), eim = npy(h.resolve("u_exact_im.npy"));
        double[] fre = npy(h.resolve("u_fd_re.npy")), fim = npy(h.resolve("u_fd_im.npy"));
        // outside the PML (default width 0.4 of [-1, 1]): |x|, |y| <= 0.6 on the 33-point grid
        java.util.function.IntPredicate inside = p -> Math.abs(-1 + (p % 33) / 16.0) <= 0.6 + 1e-9 && Math.abs(-1 + (p / 33) / 16.0) <= 0.6 + 1e-9;
        assertThat(rep.get("rel_l2").asDouble()).isCloseTo(complexRelL2(re, im, ere, eim, inside), org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(rep.get("fd_rel_l2_vs_exact").asDouble()).isCloseTo(complexRelL2(fre, fim, ere, eim, inside), org.assertj.core.data.Percentage.withPercentage(1e-6))
                .isLessThan(0.2);

        Path s = dir.resolve("s");
        Path wav = dir.resolve("s.wav");
        r = Cli.run("solve", "string", "--freq", "110", "--length", "0.25", "--rate", "8000", "--wav", wav.toString(), "--steps", "3", "--width", "16", "-q", "-o", s.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var fmt = AudioSystem.getAudioFileFormat(wav.toFile());
        assertThat(fmt.getFrameLength()).isEqualTo(2000);
        var srep = Reports.JSON.readTree(s.resolve("report.json").toFile());
        assertThat(srep.get("pickup_periods_checked").asDouble()).isGreaterThanOrEqualTo(20);
        assertThat(srep.get("rel_l2_period").asDouble()).isCloseTo(relL2(npy(s.resolve("u.npy")), npy(s.resolve("u_exact.npy")), null),
                org.assertj.core.data.Percentage.withPercentage(1e-6));
    }

    /**
     * A problem file end to end: a short counted run on the shipped disk example writes its fields, NaN outside the disk,
     * and the report's rel L2 is the one computed here from u.npy against the exact solution; a bad file is one line
     * naming the JSON path, exit 2, nothing written; `siren solve` alone prints its help.
     */
    @Test
    void aProblemFileSolvesAndABadOneIsNamedByItsPath() throws Exception {
        Path out = dir.resolve("disk");
        Cli.Run r = Cli.run("solve", "../examples/problems/disk-mixed.json", "--steps", "150", "--lbfgs-iterations", "50", "--width", "24",
                "--grid", "41", "-q", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        org.siren4j.pde.Npy.Array u = org.siren4j.pde.Npy.read(out.resolve("u.npy"));
        assertThat(u.shape()).containsExactly(41, 41);
        double[] exact = new double[41 * 41];
        for (int i = 0; i < 41; i++)
            for (int j = 0; j < 41; j++) {
                double x = -1 + j / 20.0, y = -1 + i / 20.0;
                exact[i * 41 + j] = Math.sin(2 * x) * Math.exp(y);
                assertThat(Double.isNaN(u.data()[i * 41 + j])).as("(%s, %s)", x, y).isEqualTo(!(Math.hypot(x, y) < 1));
            }
        double mine = relL2(u.data(), exact, p -> !Double.isNaN(u.data()[p]));
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        assertThat(rep.get("rel_l2").asDouble()).isCloseTo(mine, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(mine).as("150 Adam steps + 50 L-BFGS iterations").isLessThan(0.05);
        assertThat(rep.get("budget").asText()).isEqualTo("150 steps + 50 L-BFGS iterations");
        for (String f : new String[] {"u.png", "error.png", "model.siren", "u.vti"}) assertThat(out.resolve(f)).exists();

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"domain\": {\"disk\": {\"center\": [0, 0], \"radius\": 1}}, \"pde\": \"lap(u)\", "
                + "\"boundary\": [{\"where\": \"x > 2\", \"dirichlet\": \"0\"}]}");
        Cli.Run b = Cli.run("solve", bad.toString(), "-q", "-o", dir.resolve("b").toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err().strip().lines()).hasSize(1);
        assertThat(b.err()).contains("$.boundary[0].where: 'x > 2' selects no part of the boundary");
        assertThat(dir.resolve("b")).doesNotExist();
        Cli.Run help = Cli.run("solve");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("siren solve FILE -o DIR").contains("poisson-image");
    }

    /**
     * A 3-D problem file: u.npy is [nz, ny, nx], u.vti has a 3-D extent, and the report's rel L2 is the one computed
     * here from u.npy against the cube's exact solution.
     */
    @Test
    void aCubeProblemSolvesIn3D() throws Exception {
        Path out = dir.resolve("cube");
        Cli.Run r = Cli.run("solve", "../examples/problems/cube-3d.json", "--steps", "100", "--lbfgs-iterations", "20", "--width", "24",
                "--grid", "9", "-q", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        org.siren4j.pde.Npy.Array u = org.siren4j.pde.Npy.read(out.resolve("u.npy"));
        assertThat(u.shape()).containsExactly(9, 9, 9);
        double[] exact = new double[729];
        for (int k = 0; k < 9; k++)
            for (int i = 0; i < 9; i++)
                for (int j = 0; j < 9; j++) {
                    double x = j / 8.0, y = i / 8.0, z = k / 8.0;
                    exact[(k * 9 + i) * 9 + j] = Math.sin(2 * x) * Math.exp(y) * Math.cos(1.5 * z) + x * y * z;
                    boolean inside = j > 0 && j < 8 && i > 0 && i < 8 && k > 0 && k < 8; // the box is open: its faces are outside
                    assertThat(Double.isNaN(u.data()[(k * 9 + i) * 9 + j])).isEqualTo(!inside);
                }
        double mine = relL2(u.data(), exact, p -> !Double.isNaN(u.data()[p]));
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        assertThat(rep.get("rel_l2").asDouble()).isCloseTo(mine, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(mine).as("100 Adam steps + 20 L-BFGS iterations").isLessThan(0.1);
        assertThat(Files.readString(out.resolve("u.vti"))).contains("WholeExtent=\"0 8 0 8 0 8\"");
    }

    /**
     * A complex unknown: the impedance disk's u.npy is complex128, and the report's rel L2 is the one computed here
     * against the series solution (J0, Y0 from the pde module's Bessel functions) beyond 4 source widths.
     */
    @Test
    void aComplexProblemWritesAComplexFieldScoredAgainstItsSeries() throws Exception {
        Path out = dir.resolve("robin");
        Cli.Run r = Cli.run("solve", "../examples/problems/helmholtz-robin-disk.json", "--steps", "400", "--lbfgs-iterations", "50", "--width", "64",
                "--grid", "33", "-q", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        byte[] b = Files.readAllBytes(out.resolve("u.npy"));
        int header = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertThat(new String(b, 10, header, java.nio.charset.StandardCharsets.US_ASCII)).contains("'descr': '<c16'").contains("(33, 33)");
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(b, 10 + header, b.length - 10 - header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] re = new double[33 * 33], im = new double[33 * 33], tre = new double[33 * 33], tim = new double[33 * 33];
        boolean[] keep = new boolean[33 * 33];
        double k = 10, s = 0.05, gain = Math.exp(-k * k * s * s / 2), are = -0.011487694767386017, aim = 0.005161171171752944;
        for (int p = 0; p < re.length; p++) {
            re[p] = data.getDouble();
            im[p] = data.getDouble();
            double x = -1 + (p % 33) / 16.0, y = -1 + (p / 33) / 16.0, rr = Math.hypot(x, y);
            keep[p] = rr < 1 && rr > 4 * s;
            if (!keep[p]) continue;
            double j0 = org.siren4j.pde.special.Bessel.j0(k * rr), y0 = org.siren4j.pde.special.Bessel.y0(k * rr);
            tre[p] = gain * (-y0 / 4 + are * j0); // (i/4)(J0 + i Y0) + (are + i aim) J0
            tim[p] = gain * (j0 / 4 + aim * j0);
        }
        double mine = complexRelL2(re, im, tre, tim, p -> keep[p]);
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        System.out.printf("impedance disk, 400 Adam steps + 50 L-BFGS iterations: rel L2 %.4f%n", mine);
        assertThat(rep.get("rel_l2").asDouble()).isCloseTo(mine, org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(mine).as("untrained, about 1; the default budget reaches 6e-4").isLessThan(0.15);
        assertThat(rep.get("loss_by_group").has("impedance")).isTrue();
        assertThat(Files.readString(out.resolve("u.vti"))).contains("Name=\"u_re\"").contains("Name=\"u_abs\"").contains("Name=\"error_u_im\"");
    }

    /**
     * The inverse problem end to end on a short budget: the sensors file is found beside the problem file, the speed's
     * fit is in the report and the printed line; a data file with a bad line is one line naming it, exit 2, nothing written.
     */
    @Test
    void anInverseProblemReportsItsFittedCoefficient() throws Exception {
        Path out = dir.resolve("inverse");
        Cli.Run r = Cli.run("solve", "../examples/problems/wave-inverse.json", "--steps", "120", "--lbfgs-iterations", "20", "--width", "24",
                "--grid", "17", "-q", "-o", out.toString()); // the speed is fitted after step 30 (a quarter), every 50 steps and 50 L-BFGS iterations
        assertThat(r.code()).as(r.err()).isZero();
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        double c = rep.get("parameters").get("c").asDouble();
        assertThat(rep.get("parameters_first_guess").get("c").asDouble()).isEqualTo(1.0);
        assertThat(c).isFinite().isNotEqualTo(1.0);
        assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "c = %.6g (first guess 1.00000)", c));
        assertThat(rep.get("loss_by_group").has("sensors")).isTrue();
        assertThat(org.siren4j.pde.Npy.read(out.resolve("u.npy")).shape()).containsExactly(17, 17); // [t, x]
        // the checkpoint holds the fitted speed: resumed from it, the finish starts from that speed, not the first guess, and ends where the run did
        byte[] model = Files.readAllBytes(out.resolve("model.siren"));
        Cli.Run again = Cli.run("solve", "../examples/problems/wave-inverse.json", "--steps", "120", "--lbfgs-iterations", "20", "--width", "24",
                "--grid", "17", "-q", "--resume", "-o", out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Reports.JSON.readTree(out.resolve("report.json").toFile()).get("parameters").get("c").asDouble()).isEqualTo(c);
        assertThat(Files.readAllBytes(out.resolve("model.siren"))).isEqualTo(model);

        Path bad = dir.resolve("badinv");
        Files.createDirectories(bad);
        Files.copy(Path.of("../examples/problems/wave-inverse.json"), bad.resolve("p.json"));
        Files.writeString(bad.resolve("wave-inverse-sensors.csv"), "x,t,u\n0.1,0.2,0.3\n0.1,0.2\n");
        Cli.Run b = Cli.run("solve", bad.resolve("p.json").toString(), "-q", "-o", dir.resolve("bo").toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err().strip().lines()).hasSize(1);
        assertThat(b.err()).contains("$.data[0].file: wave-inverse-sensors.csv line 3: 2 values, the header has 3");
        assertThat(dir.resolve("bo")).doesNotExist();
    }

    static double complexRelL2(double[] re, double[] im, double[] rre, double[] rim, java.util.function.IntPredicate keep) {
        double e = 0, s = 0;
        for (int p = 0; p < re.length; p++) {
            if (!keep.test(p)) continue;
            e += (re[p] - rre[p]) * (re[p] - rre[p]) + (im[p] - rim[p]) * (im[p] - rim[p]);
            s += rre[p] * rre[p] + rim[p] * rim[p];
        }
        return Math.sqrt(e / s);
    }
}
