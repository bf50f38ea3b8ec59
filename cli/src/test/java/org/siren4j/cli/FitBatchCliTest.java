package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;

/** {@code siren fit DIR -o OUTDIR}: a folder of clips, a broken file among them, a kill and a resume. */
class FitBatchCliTest {
    @TempDir Path dir;

    /** 20 short clips (two in a subfolder) and one file that is not audio. */
    static Path folder(Path dir) throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("sub"));
        for (int k = 0; k < 20; k++) {
            double[] x = new double[2000];
            for (int i = 0; i < x.length; i++) x[i] = 0.4 * Math.sin(2 * Math.PI * (200 + 37 * k) * i / 8000.0 + k) + 0.1 * Math.sin(2 * Math.PI * (900 + 11 * k) * i / 8000.0);
            WavWriter.write(in.resolve((k < 2 ? "sub/" : "") + String.format("c%02d.wav", k)), Clip.mono(8000, x), WavWriter.Format.PCM16);
        }
        Files.writeString(in.resolve("broken.wav"), "RIFF1234WAVEnot audio");
        Files.writeString(in.resolve("notes.txt"), "not a sound file: ignored");
        return in;
    }

    // the batch mechanics, not the band limit (AudioFitTest covers that): samples-only fits stay quick at width 16
    static final String[] FAST = {"-q", "--steps", "30", "--finish-iterations", "30", "--quality", "normal", "--width", "16", "--samples-only"};

    static String[] fit(Path in, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("fit", in.toString(), "-o", out.toString()));
        a.addAll(List.of(FAST));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static Map<String, JsonNode> index(Path out) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode n : new ObjectMapper().readTree(out.resolve("index.json").toFile()).path("files")) m.put(n.path("file").asText(), n);
        return m;
    }

    static List<Path> models(Path out) throws Exception {
        try (var walk = Files.walk(out)) {
            return walk.filter(p -> p.toString().endsWith(".siren")).sorted().toList();
        }
    }

    @Test
    void aFolderFitsEveryClipReportsTheBrokenOneAndResumesAfterAKillWithTheSameBytes() throws Exception {
        Path in = folder(dir), out = dir.resolve("out");
        Cli.Run r = Cli.run(fit(in, out));
        assertThat(r.code()).as("a failed file makes the exit code 1: " + r.err()).isEqualTo(1);
        Map<String, JsonNode> idx = index(out);
        assertThat(idx).hasSize(21);
        assertThat(idx.get("broken.wav").path("status").asText()).isEqualTo("failed");
        assertThat(idx.get("broken.wav").path("error").asText()).contains("not a readable audio file");
        assertThat(models(out)).hasSize(20);
        assertThat(out.resolve("sub/c00.siren")).exists();
        // each model plays its clip back (an independent check: the model against the WAV it came from)
        try (SirenEngine engine = Engines.cpu()) {
            for (String name : new String[] {"c05", "sub/c01"}) {
                Clip clip = AudioFiles.read(in.resolve(name + ".wav"));
                double snr = AudioModel.load(out.resolve(name + ".siren")).fidelity(engine, clip).snrDb();
                assertThat(snr).as(name).isGreaterThan(20).isCloseTo(idx.get(name + ".wav").path("snr_db").asDouble(), org.assertj.core.data.Offset.offset(0.01));
            }
        }

        // a batch killed part way: one job in another process, killed once three models are written
        Path out2 = dir.resolve("out2");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.siren4j.cli.SirenCli"));
        cmd.addAll(List.of(fit(in, out2, "--jobs", "1")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        for (int i = 0; i < 1200 && (!Files.isDirectory(out2) || models(out2).size() < 3) && p.isAlive(); i++) Thread.sleep(50);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        List<Path> before = models(out2);
        assertThat(before.size()).as(Files.readString(dir.resolve("killed.log"))).isBetween(3, 19);
        Map<Path, Long> times = new HashMap<>();
        for (Path m : before) times.put(m, Files.getLastModifiedTime(m).toMillis());
        Thread.sleep(20);
        assertThat(Cli.run(fit(in, out2)).code()).isEqualTo(1);
        for (Path m : before) assertThat(Files.getLastModifiedTime(m).toMillis()).as("not refitted: " + m).isEqualTo(times.get(m));
        Map<String, JsonNode> idx2 = index(out2);
        long upToDate = idx2.values().stream().filter(n -> n.path("status").asText().equals("up-to-date")).count();
        assertThat(upToDate).isEqualTo(before.size());
        assertThat(models(out2)).hasSize(20);
        // with a step budget the models are the same bytes whatever ran them: 2 jobs x 1 thread, or 1 job x 2 threads, killed and resumed
        for (Path m : models(out)) assertThat(Files.readAllBytes(out2.resolve(out.relativize(m)))).as(m.toString()).isEqualTo(Files.readAllBytes(m));
        System.out.printf("batch: %d of 20 models written before the kill, kept; the rest fitted on resume; all 20 byte-identical to the uninterrupted run%n", before.size());
    }

    @Test
    void badBatchRequestsAreRefusedInOneLine() throws Exception {
        Path in = folder(dir);
        Files.writeString(dir.resolve("file"), "x");
        String[][] cases = {fit(in, in), fit(in, dir.resolve("file")), fit(in, dir.resolve("o"), "--jobs", "0"),
                {"fit", in.toString(), "-o", dir.resolve("o").toString(), "--seconds", "3"}, fit(dir.resolve("empty"), dir.resolve("o")),
                {"fit", in.resolve("c05.wav").toString(), "-o", dir.resolve("x.siren").toString(), "--jobs", "2"}};
        Files.createDirectories(dir.resolve("empty"));
        String[] says = {"the models would go among the input files", "exists and is not a folder", "--jobs must lie in", "--seconds-per-clip",
                "no sound files", "are for a folder"};
        for (int k = 0; k < cases.length; k++) {
            Cli.Run r = Cli.run(cases[k]);
            assertThat(r.code()).as(String.join(" ", cases[k])).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ").contains(says[k]);
        }
        assertThat(dir.resolve("o")).doesNotExist();
        if (System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) { // else a real YARN may answer
            Cli.Run r = Cli.run(fit(in, dir.resolve("o"), "--master", "yarn"));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("siren: --master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR: the folder of the cluster's Hadoop configuration");
        }
    }
}
