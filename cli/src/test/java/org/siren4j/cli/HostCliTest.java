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
        SirenCliTest.Run r = SirenCliTest.run("plugins", "--json");
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
        assertThat(SirenCliTest.run("plugins").out()).contains("gain_db").contains("siren.string");
    }

    @Test
    void hostBouncesASessionAndRefusesBadOnesInOneLine() throws Exception {
        double[] x = new double[4800];
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(i * 0.07);
        WavWriter.write(dir.resolve("a.wav"), Clip.mono(48000, x), WavWriter.Format.PCM24);
        Files.writeString(dir.resolve("s.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"a.wav\"}], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": -6}}]}]}");
        Path mix = dir.resolve("out/mix.wav");
        SirenCliTest.Run ok = SirenCliTest.run("host", dir.resolve("s.json").toString(), "-o", mix.toString(), "-q", "--block", "100");
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
            SirenCliTest.Run r = SirenCliTest.run(cases[k]);
            assertThat(r.code()).as(String.join(" ", cases[k])).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("siren: ").contains(says[k]);
        }
        assertThat(dir.resolve("b.wav")).doesNotExist();
        assertThat(dir.resolve("s.wav")).doesNotExist();
        assertThat(Files.readString(dir.resolve("s.json"))).startsWith("{\"tracks\""); // the session is untouched
        assertThat(AudioFiles.read(dir.resolve("a.wav")).frames()).isEqualTo(4800); // the clip is untouched
        // with the report named elsewhere, the same bounce runs
        SirenCliTest.Run named = SirenCliTest.run("host", dir.resolve("s.json").toString(), "-o", dir.resolve("s.wav").toString(), "-q",
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
            SirenCliTest.Run r = SirenCliTest.run(cases[k]);
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
        SirenCliTest.Run named = SirenCliTest.run("host", dir.resolve("s.json").toString(), "--play", "--device", "no-such-card-7f3", "-q");
        assertThat(named.code()).as(named.err()).isEqualTo(2);
        assertThat(named.err().strip().lines()).hasSize(1);
        assertThat(named.err()).contains("no audio output named 'no-such-card-7f3'").contains("javax.sound has");
        SirenCliTest.Run misplaced = SirenCliTest.run("host", dir.resolve("s.json").toString(), "-o", dir.resolve("m.wav").toString(), "--device", "x", "-q");
        assertThat(misplaced.code()).isEqualTo(2);
        assertThat(misplaced.err()).contains("--device is for --play");
        assertThat(dir.resolve("m.wav")).doesNotExist();
        if (AudioSystem.getMixerInfo().length == 0) {
            SirenCliTest.Run r = SirenCliTest.run("host", dir.resolve("s.json").toString(), "--play", "-q");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("no audio output");
        }
        boolean jackRunning = new ProcessBuilder("sh", "-c", "command -v jack_wait >/dev/null && jack_wait -c | grep -qv 'not running'").start().waitFor() == 0;
        if (!jackRunning) {
            SirenCliTest.Run r = SirenCliTest.run("host", dir.resolve("s.json").toString(), "--jack", "-q");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).containsAnyOf("no JACK server is running", "no JACK: its library");
        }
    }
}
