package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;

class HostCliTest {
    @TempDir Path dir;

    @Test
    void pluginsListsEveryPluginWithItsParameters() throws Exception {
        Cli.Run r = Cli.run("plugins", "--json");
        assertThat(r.code()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out());
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (JsonNode p : all) {
            ids.add(p.get("id").asText());
            for (JsonNode q : p.get("params")) {
                assertThat(q.get("min").asDouble()).isLessThanOrEqualTo(q.get("default").asDouble());
                assertThat(q.get("default").asDouble()).isLessThanOrEqualTo(q.get("max").asDouble());
                assertThat(q.has("unit")).isTrue();
            }
        }
        assertThat(ids).contains("gain", "pan", "mix", "eq", "siren.sampler", "siren.string", "siren.denoise", "siren.resample");
        assertThat(Cli.run("plugins").out()).contains("gain_db").contains("siren.string");
    }

    @Test
    void hostBouncesASessionAndRefusesBadOnesInOneLine() throws Exception {
        double[] x = new double[4800];
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(i * 0.07);
        WavWriter.write(dir.resolve("a.wav"), Clip.mono(48000, x), WavWriter.Format.PCM24);
        Files.writeString(dir.resolve("s.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"a.wav\"}], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": -6}}]}]}");
        Path mix = dir.resolve("out/mix.wav");
        Cli.Run ok = Cli.run("host", dir.resolve("s.json").toString(), "-o", mix.toString(), "-q", "--block", "100");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(AudioFiles.read(mix).frames()).isEqualTo(4800);
        assertThat(dir.resolve("out/mix.png")).exists();
        JsonNode rep = new ObjectMapper().readTree(dir.resolve("out/mix.json").toFile());
        assertThat(rep.get("frames").asLong()).isEqualTo(4800);
        assertThat(rep.get("failures")).isEmpty();

        Files.writeString(dir.resolve("bad.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"a.wav\"}], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": true}}]}]}");
        Files.writeString(dir.resolve("unknown.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"a.wav\"}], \"inserts\": [{\"plugin\": \"fuzz\"}]}]}");
        Files.writeString(dir.resolve("missing.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"gone.wav\"}]}]}");
        String[][] cases = {
                {"host", dir.resolve("bad.json").toString(), "-o", dir.resolve("b.wav").toString()},
                {"host", dir.resolve("unknown.json").toString(), "-o", dir.resolve("b.wav").toString()},
                {"host", dir.resolve("missing.json").toString(), "-o", dir.resolve("b.wav").toString()},
                {"host", dir.resolve("none.json").toString(), "-o", dir.resolve("b.wav").toString()},
                {"host", dir.resolve("s.json").toString()},
                {"host", dir.resolve("s.json").toString(), "-o", dir.resolve("a.wav").toString()},
                {"host", dir.resolve("s.json").toString(), "-o", dir.resolve("s.wav").toString()}, // its report s.json: the session
                {"host", dir.resolve("s.json").toString(), "-o", dir.resolve("b.wav").toString(), "--block", "0"},
                {"host", dir.resolve("s.json").toString(), "-o", dir.resolve("b.wav").toString(), "--format", "mp3"}};
        String[] says = {"tracks[0].inserts[0].params.gain_db: expected a number", "unknown plugin 'fuzz' (known: eq, gain, mix, pan",
                "tracks[0].clips[0].file: no such file", "no such session file", "nothing to do", "would overwrite the clip", "the report would overwrite the session", "--block", "unknown format"};
        for (int k = 0; k < cases.length; k++) {
            Cli.Run r = Cli.run(cases[k]);
            assertThat(r.code()).as(String.join(" ", cases[k])).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ").contains(says[k]);
        }
        assertThat(dir.resolve("b.wav")).doesNotExist();
        assertThat(dir.resolve("s.wav")).doesNotExist();
        assertThat(Files.readString(dir.resolve("s.json"))).startsWith("{\"tracks\""); // the session is untouched
        assertThat(AudioFiles.read(dir.resolve("a.wav")).frames()).isEqualTo(4800); // the clip is untouched
        // with the report named elsewhere, the same bounce runs
        Cli.Run named = Cli.run("host", dir.resolve("s.json").toString(), "-o", dir.resolve("s.wav").toString(), "-q",
                "--report", dir.resolve("s-report.json").toString());
        assertThat(named.code()).as(named.err()).isZero();
        assertThat(Files.readString(dir.resolve("s.json"))).startsWith("{\"tracks\"");
        assertThat(new ObjectMapper().readTree(dir.resolve("s-report.json").toFile()).get("session").asText()).endsWith("s.json");
    }

    @Test
    void lv2RefusesPluginsItCannotCarryInOneLine() throws Exception {
        Path out = dir.resolve("siren.lv2");
        String[][] cases = {{"lv2", "-o", out.toString(), "--plugins", "gain,siren.denoise"}, {"lv2", "bundle", "-o", out.toString(), "--plugins", "fuzz"},
                {"lv2", "unbundle", "-o", out.toString()}};
        String[] says = {"'siren.denoise' needs a whole clip first", "unknown plugin 'fuzz'", "unknown action 'unbundle'"};
        for (int k = 0; k < cases.length; k++) {
            Cli.Run r = Cli.run(cases[k]);
            assertThat(r.code()).as(String.join(" ", cases[k])).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ").contains(says[k]);
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void liveOutputWithoutADeviceSaysSoInOneLine() throws Exception {
        double[] x = new double[480];
        WavWriter.write(dir.resolve("a.wav"), Clip.mono(48000, x), WavWriter.Format.PCM16);
        Files.writeString(dir.resolve("s.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"a.wav\"}]}]}");
        // on any machine: a device that is not there is named in one line, with the ones that are
        Cli.Run named = Cli.run("host", dir.resolve("s.json").toString(), "--play", "--device", "no-such-card-7f3", "-q");
        assertThat(named.code()).as(named.err()).isEqualTo(2);
        assertThat(named.err().strip().lines()).hasSize(1);
        assertThat(named.err()).contains("no audio output named 'no-such-card-7f3'").contains("javax.sound has");
        Cli.Run misplaced = Cli.run("host", dir.resolve("s.json").toString(), "-o", dir.resolve("m.wav").toString(), "--device", "x", "-q");
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.err()).contains("--device is for --play");
        assertThat(dir.resolve("m.wav")).doesNotExist();
        if (AudioSystem.getMixerInfo().length == 0) {
            Cli.Run r = Cli.run("host", dir.resolve("s.json").toString(), "--play", "-q");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("no audio output");
        }
        // on any machine, JACK running or not: a server that is not there (a fresh JVM, since libjack reads its
        // server name from the environment) is named in one line, exit code 2
        Path log = dir.resolve("jack.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), SirenCli.class.getName(),
                "host", dir.resolve("s.json").toString(), "--jack", "-q").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JACK_DEFAULT_SERVER", "siren-test-no-such-server");
        pb.environment().put("JACK_NO_START_SERVER", "1");
        Process p = pb.start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("siren host --jack still running after 60 s: " + Files.readString(log));
        }
        String said = Files.readString(log).strip();
        assertThat(p.exitValue()).as(said).isEqualTo(2);
        assertThat(said.lines().filter(l -> l.startsWith("siren:"))).as(said).hasSize(1);
        assertThat(said).containsAnyOf("no JACK server is running", "no JACK: its library");
    }
}
