package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioSystem;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenModel;
import picocli.CommandLine;

class SirenCliTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = SirenCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        cl.setOut(new PrintWriter(picocliOut, true));
        System.setOut(new PrintStream(out, true));
        try {
            int code = cl.execute(args);
            return new Run(code, picocliOut + out.toString(), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void wrongArgumentsGiveOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"bogus"}, {"demo", "--steps", "zero"}, {"demo", "--steps", "0"},
                {"bench", "--case", "nope", "--render-seconds", "0"}, {"demo", "--nope"},
                {"demo", "--out", dir.resolve("empty").toString(), "--resume"}, {"demo", "--checkpoint-every", "0"},
                {"solve", "poisson", "--source", "sin(x", "-o", dir.resolve("p").toString()},
                {"solve", "poisson", "--source", "1", "--domain", "1,0,0,1", "-o", dir.resolve("p").toString()},
                {"solve", "poisson", "-o", dir.resolve("p").toString()}}) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ");
        }
    }

    @Test
    void helpAndVersion() {
        assertThat(run("--help").code()).isZero();
        assertThat(SirenCli.commandLine().getUsageMessage()).contains("demo").contains("bench");
        assertThat(run("--version").code()).isZero();
        assertThat(new SirenCli.Version().getVersion()[0]).startsWith("siren4j ");
    }

    @Test
    void demoWritesModelWavsAndReport() throws Exception {
        Path out = dir.resolve("demo");
        Run r = run("demo", "--out", out.toString(), "--steps", "30", "-q");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        assertThat(rep.get("steps").asInt()).isEqualTo(30);
        assertThat(rep.get("snr_db").asDouble()).isGreaterThan(3); // 30 steps: the fit is under way
        assertThat(rep.get("parameters").asLong()).isEqualTo(198_145);
        SirenModel m = ModelFile.load(out.resolve("demo.siren"));
        assertThat(m.metadata()).containsEntry("sample_rate", "16000");
        // the WAVs open with javax.sound, at the right rate and length
        var fmt = AudioSystem.getAudioFileFormat(out.resolve("reconstruction.wav").toFile());
        assertThat(fmt.getFormat().getSampleRate()).isEqualTo(16000f);
        assertThat(fmt.getFrameLength()).isEqualTo(8000);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("demo.siren", "demo.ckpt", "target.wav", "reconstruction.wav", "report.json");
        }
    }

    @Test
    void benchJsonHasTheDocumentedShape() throws Exception {
        Run r = run("bench", "--json", "--steps", "1", "--case", "value-8192", "--render-seconds", "0.2");
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

    /** A short Poisson solve writes every file the issue names, in the layout it names. */
    @Test
    void solvePoissonWritesFieldsPicturesModelAndReport() throws Exception {
        Path out = dir.resolve("poisson");
        Run r = run("solve", "poisson", "--source", "2*pi^2*sin(pi*x)*sin(pi*y)", "--exact", "sin(pi*x)*sin(pi*y)",
                "--grid", "33", "--seconds", "3", "--width", "16", "-q", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("u.npy", "u_fd.npy", "u.png", "u_fd.png", "error.png",
                    "model.siren", "report.json", "checkpoint.ckpt");
        }
        org.siren4j.pde.Npy.Array u = org.siren4j.pde.Npy.read(out.resolve("u.npy")), fd = org.siren4j.pde.Npy.read(out.resolve("u_fd.npy"));
        assertThat(u.shape()).containsExactly(33, 33);
        // the FD reference against the exact solution at grid point (i, j) = (24, 8): x = -0.5, y = 0.5
        assertThat(fd.data()[24 * 33 + 8]).isCloseTo(Math.sin(-0.5 * Math.PI) * Math.sin(0.5 * Math.PI), org.assertj.core.data.Offset.offset(5e-3));
        var rep = Reports.JSON.readTree(out.resolve("report.json").toFile());
        assertThat(rep.get("rel_l2").asDouble()).isFinite().isLessThan(1.0);
        assertThat(rep.get("rel_l2_fd").asDouble()).isFinite();
        assertThat(rep.get("fd_rel_l2_vs_exact").asDouble()).as("second order: about (pi h)^2 / 12 at h = 1/16").isLessThan(5e-3);
    }
}
