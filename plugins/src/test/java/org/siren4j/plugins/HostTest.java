package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.Session;
import org.siren4j.plugins.host.SessionException;
import org.siren4j.plugins.host.SessionReader;

class HostTest {
    @TempDir Path dir;

    static double[] noise(int n, long seed, double amp) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = amp * (2 * r.nextDouble() - 1);
        return x;
    }

    Path wav(String name, int rate, WavWriter.Format f, double[]... ch) throws IOException {
        Path p = dir.resolve(name);
        WavWriter.write(p, new Clip(rate, ch), f);
        return p;
    }

    Path session(String json) throws IOException {
        Path p = dir.resolve("s.json");
        Files.writeString(p, json);
        return p;
    }

    Clip bounce(String json, int block) throws Exception {
        Session s = SessionReader.read(session(json));
        Path out = dir.resolve("mix-" + block + ".wav");
        Bounce.Result r = Bounce.toWav(s, out, block, WavWriter.Format.FLOAT32, new Analyses(dir.resolve("cache"), true, (w, f) -> {}), (n, t) -> {});
        assertThat(r.failures()).isEmpty();
        return AudioFiles.read(out);
    }

    @Test
    void anEmptyChainGivesItsInputBackBitForBit() throws Exception {
        double[] l = noise(12345, 1, 0.9), r = noise(12345, 2, 0.9);
        Path src = wav("in.wav", 44100, WavWriter.Format.PCM24, l, r);
        Clip in = AudioFiles.read(src);
        Clip out = bounce("{\"sampleRate\": 44100, \"tracks\": [{\"name\": \"a\", \"clips\": [{\"file\": \"in.wav\"}]}]}", 256);
        assertThat(out.channels()).isEqualTo(2);
        assertThat(out.samples()[0]).containsExactly(in.samples()[0]);
        assertThat(out.samples()[1]).containsExactly(in.samples()[1]);
    }

    @Test
    void monoSourcesBounceToMonoAndClipsLandAtTheirStart() throws Exception {
        double[] x = noise(1000, 3, 0.5);
        wav("m.wav", 48000, WavWriter.Format.FLOAT32, x);
        Clip out = bounce("{\"tracks\": [{\"clips\": [{\"file\": \"m.wav\", \"start\": 0.01, \"gain\": 0.5}]}]}", 64);
        assertThat(out.channels()).isEqualTo(1);
        assertThat(out.frames()).isEqualTo(480 + 1000);
        for (int i = 0; i < 480; i++) assertThat(out.samples()[0][i]).isZero();
        for (int i = 0; i < 1000; i++) assertThat(out.samples()[0][480 + i]).isEqualTo((double) ((float) x[i] * 0.5f));
    }

    @Test
    void panAndGainLaws() throws Exception {
        double[] ones = new double[100];
        java.util.Arrays.fill(ones, 0.5);
        wav("dc.wav", 48000, WavWriter.Format.FLOAT32, ones);
        // centre is unity on both sides (0 dB pan law); right pan lowers the left side linearly; volume in dB
        Clip out = bounce("{\"channels\": 2, \"tracks\": ["
                + "{\"clips\": [{\"file\": \"dc.wav\"}]},"
                + "{\"clips\": [{\"file\": \"dc.wav\", \"start\": 0.01}], \"pan\": 0.5, \"volume_db\": -6.020599913279624},"
                + "{\"clips\": [{\"file\": \"dc.wav\", \"start\": 0.02}], \"inserts\": [{\"plugin\": \"pan\", \"params\": {\"pan\": -1}},"
                + "  {\"plugin\": \"gain\", \"params\": {\"gain_db\": 6.020599913279624}}]}]}", 256);
        assertThat(out.samples()[0][50]).isEqualTo(0.5);
        assertThat(out.samples()[1][50]).isEqualTo(0.5);
        assertThat(out.samples()[0][480 + 50]).isCloseTo(0.5 * 0.5 * 0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(out.samples()[1][480 + 50]).isCloseTo(0.5 * 0.5, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(out.samples()[0][960 + 50]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(out.samples()[1][960 + 50]).isZero();
    }

    @Test
    void automationRampsLandOnTheirSamples() throws Exception {
        double[] ones = new double[48000];
        java.util.Arrays.fill(ones, 1.0);
        wav("one.wav", 48000, WavWriter.Format.FLOAT32, ones);
        // gain_db: -20 until 0.25 s, ramp to 0 dB at 0.5 s, a step to -40 dB at 0.75 s
        String json = "{\"tracks\": [{\"clips\": [{\"file\": \"one.wav\"}], \"inserts\": [{\"plugin\": \"gain\"}],"
                + "\"automation\": [{\"plugin\": 0, \"param\": \"gain_db\", \"points\": [[0.25, -20], [0.5, 0], [0.75, 0], [0.75, -40]]}]}]}";
        for (int block : new int[] {64, 1000}) {
            double[] y = bounce(json, block).samples()[0];
            for (int s : new int[] {0, 11999, 12000, 12001, 18000, 23999, 24000, 35999, 36000, 47999}) {
                double t = s / 48000.0;
                double db = t <= 0.25 ? -20 : t < 0.5 ? -20 + 20 * (t - 0.25) / 0.25 : t < 0.75 ? 0 : -40;
                assertThat(y[s]).as("sample %d, block %d", s, block).isCloseTo(Math.pow(10, db / 20), org.assertj.core.data.Offset.offset(2e-7));
            }
        }
    }

    @Test
    void theBounceDoesNotDependOnTheBlockSize() throws Exception {
        wav("a.wav", 48000, WavWriter.Format.FLOAT32, noise(30000, 4, 0.4), noise(30000, 5, 0.4));
        wav("b.wav", 22050, WavWriter.Format.PCM16, noise(10000, 6, 0.4));
        String json = "{\"tracks\": ["
                + "{\"clips\": [{\"file\": \"a.wav\", \"start\": 0.1}], \"inserts\": [{\"plugin\": \"eq\", \"params\": {\"type\": \"low_shelf\", \"gain_db\": 6}},"
                + "  {\"plugin\": \"test.delay\", \"params\": {\"samples\": 300}}],"
                + " \"automation\": [{\"plugin\": 0, \"param\": \"freq\", \"points\": [[0, 200], [0.5, 4000]]}], \"pan\": -0.3},"
                + "{\"clips\": [{\"file\": \"b.wav\", \"start\": 0.05}], \"inserts\": [{\"plugin\": \"mix\", \"params\": {\"width\": 0.5}}]}],"
                + " \"master\": {\"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": -3}}],"
                + "  \"automation\": [{\"plugin\": 0, \"param\": \"gain_db\", \"points\": [[0.2, -3], [0.4, -12]]}]}}";
        bounce(json, 64);
        bounce(json, 256);
        bounce(json, 1000);
        byte[] a = Files.readAllBytes(dir.resolve("mix-64.wav"));
        assertThat(Files.readAllBytes(dir.resolve("mix-256.wav"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("mix-1000.wav"))).isEqualTo(a);
    }

    @Test
    void latencyIsCompensatedAcrossTracks() throws Exception {
        double[] x = noise(2000, 7, 0.3);
        wav("x.wav", 48000, WavWriter.Format.FLOAT32, x);
        // the same clip on two tracks, one through a 300-sample delay that says so, the other polarity-inverted by
        // gain: compensated, they cancel exactly and the bounce starts at the timeline's start
        Clip out = bounce("{\"tracks\": [{\"clips\": [{\"file\": \"x.wav\"}], \"inserts\": [{\"plugin\": \"test.delay\", \"params\": {\"samples\": 300}}]},"
                + "{\"clips\": [{\"file\": \"x.wav\", \"gain\": 0}]},"
                + "{\"clips\": [{\"file\": \"x.wav\"}], \"inserts\": [{\"plugin\": \"mix\", \"params\": {\"level_db\": 0}}], \"volume_db\": 0}]}", 256);
        assertThat(out.frames()).isEqualTo(2000);
        for (int i = 0; i < 2000; i++) assertThat(out.samples()[0][i]).isCloseTo(2 * (double) (float) x[i], org.assertj.core.data.Offset.offset(1e-7));
    }

    @Test
    void aThrowingPluginIsBypassedAndReportedAndTheMixCompletes() throws Exception {
        double[] x = noise(48000, 8, 0.3);
        wav("x.wav", 48000, WavWriter.Format.FLOAT32, x);
        for (String mode : new String[] {"throw", "error"}) {
            Session s = SessionReader.read(session("{\"tracks\": [{\"clips\": [{\"file\": \"x.wav\"}], \"inserts\": [{\"plugin\": \"test.throwing\", \"params\": {\"at_seconds\": 0.5, \"mode\": \"" + mode + "\"}}]}]}"));
            Path out = dir.resolve("t.wav");
            Bounce.Result r = Bounce.toWav(s, out, 100, WavWriter.Format.FLOAT32, new Analyses(dir.resolve("c"), true, (w, f) -> {}), (n, t) -> {});
            assertThat(r.failures()).hasSize(1);
            assertThat(r.failures().get(0)).contains("test.throwing").contains("tracks[0].inserts[0]").contains("bypassed");
            double[] y = AudioFiles.read(out).samples()[0];
            assertThat(y).hasSize(48000);
            assertThat(y[100]).isEqualTo(2 * (double) (float) x[100]);      // doubled while it worked
            assertThat(y[47000]).isEqualTo((double) (float) x[47000]);      // bypassed: the dry signal
            assertThat(y[23900]).isEqualTo(2 * (double) (float) x[23900]);  // the last whole block before 0.5 s
            assertThat(y[24000]).isEqualTo((double) (float) x[24000]);      // the failed block is discarded
        }
    }

    @Test
    void badSessionsNameTheJsonPath() throws Exception {
        wav("x.wav", 48000, WavWriter.Format.FLOAT32, noise(100, 9, 0.3));
        String[][] cases = {
                {"{\"tracks\": [{\"clips\": []}, {\"clips\": [], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": \"loud\"}}]}]}", "tracks[1].inserts[0].params.gain_db: gain_db: cannot read 'loud'"},
                {"{\"tracks\": [{\"clips\": [{\"file\": \"x.wav\"}], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": [1]}}]}]}", "tracks[0].inserts[0].params.gain_db: expected a number"},
                {"{\"tracks\": [{\"clips\": [{\"file\": \"none.wav\"}]}]}", "tracks[0].clips[0].file: no such file"},
                {"{\"tracks\": [{\"clips\": [], \"inserts\": [{\"plugin\": \"reverb9000\"}]}]}", "tracks[0].inserts[0].plugin: unknown plugin 'reverb9000' (known: eq, gain, mix, pan"},
                {"{\"tracks\": [{\"clips\": [], \"inserts\": [{\"plugin\": \"gain\", \"params\": {\"gain_db\": 99}}]}]}", "tracks[0].inserts[0].params.gain_db: 99.0 is outside [-96.0, 24.0] dB"},
                {"{\"tracks\": [{\"clips\": [], \"automation\": [{\"plugin\": 0, \"param\": \"gain_db\", \"points\": [[0, 0]]}]}]}", "tracks[0].automation[0].plugin: no insert 0 (there are 0)"},
                {"{\"tracks\": [{\"clips\": [], \"inserts\": [{\"plugin\": \"gain\"}], \"automation\": [{\"plugin\": 0, \"param\": \"gain_db\", \"points\": [[1, 0], [0.5, 0]]}]}]}", "tracks[0].automation[0].points[1][0]: times must not decrease"},
                {"{\"sampleRate\": 10, \"tracks\": []}", "sampleRate: 10 is outside [8000, 384000]"},
                {"{\"tracks\": [{\"clips\": [], \"volume\": 3}]}", "tracks[0].volume: unknown key"},
                {"{\"tracks\": [{\"name\": \"x\"}]}", "tracks[0]: a track has either \"clips\" or an \"instrument\""},
                {"{\"tracks\": [", "not valid JSON (line 1"},
                {"{\"tracks\": [{\"instrument\": {\"plugin\": \"siren.string\"}, \"notes\": [], \"automation\": [{\"plugin\": \"instrument\", \"param\": \"pluck\", \"points\": [[0, 0.3]]}]}]}",
                        "tracks[0].automation[0].param: 'pluck' of 'siren.string' cannot be automated"},
                {"{\"tracks\": [{\"instrument\": {\"plugin\": \"siren.sampler\"}, \"notes\": []}]}", "tracks[0].instrument.sample: missing"},
                {"{\"tracks\": [{\"clips\": [{\"file\": \"x.wav\", \"apply\": {\"plugin\": \"gain\"}}]}]}", "tracks[0].clips[0].apply.plugin: 'gain' cannot make a new clip"},
        };
        for (String[] c : cases)
            assertThatThrownBy(() -> SessionReader.read(session(c[0]))).as(c[0]).isInstanceOf(SessionException.class).hasMessageContaining(c[1]);
    }
}
