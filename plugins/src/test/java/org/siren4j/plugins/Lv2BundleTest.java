package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.host.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.SessionReader;
import org.siren4j.plugins.lv2.Lv2Bundle;

/** The plugins as an LV2 bundle, run by lilv's own tools in their own processes (the shim starts a JVM there). */
class Lv2BundleTest {
    @TempDir Path dir;

    static String run(Path lv2Path, long seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LV2_PATH", lv2Path.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) p.destroyForcibly();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    Clip hostBounce(String insert) throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"in.wav\"}], \"inserts\": [" + insert + "]}]}");
        Bounce.toWav(SessionReader.read(dir.resolve("s.json")), dir.resolve("host.wav"), 256, WavWriter.Format.FLOAT32,
                new Analyses(dir.resolve("cache"), true, (w, f) -> {}), (n, t) -> {});
        return AudioFiles.read(dir.resolve("host.wav"));
    }

    @Test
    void lilvListsTheBundleAndLv2applyRunsGainAndEqAsOurHostDoes() throws Exception {
        for (String prog : new String[] {"gcc", "lv2ls", "lv2info", "lv2apply"})
            if (!LiveOutputTest.onPath(prog) || !Files.isRegularFile(Path.of("/usr/include/lv2/core/lv2.h"))) {
                String why = prog + " or the LV2 headers are missing (Debian packages gcc, lv2-dev, lilv-utils)";
                if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + ": .ci/run installs them");
                Assumptions.abort(why + ": test skipped");
            }
        Path lv2 = dir.resolve("lv2");
        Lv2Bundle.build(lv2.resolve("siren.lv2"), List.of("gain", "eq"), Lv2Bundle.classPath());
        assertThat(run(lv2, 60, "lv2ls")).contains(Lv2Bundle.uri("gain")).contains(Lv2Bundle.uri("eq"));
        String info = run(lv2, 60, "lv2info", Lv2Bundle.uri("gain"));
        assertThat(info).contains("Symbol:      gain_db").contains("Minimum:     -96.000000").contains("Maximum:     24.000000").contains("Default:     0.000000");
        assertThat(run(lv2, 60, "lv2info", Lv2Bundle.uri("eq"))).contains("Symbol:      freq").contains("Maximum:     20000.000000");

        double[][] x = new double[2][24000];
        for (int i = 0; i < x[0].length; i++) {
            x[0][i] = 0.4 * Math.sin(2 * Math.PI * 440 * i / 48000.0) + 0.2 * Math.sin(2 * Math.PI * 5000 * i / 48000.0);
            x[1][i] = 0.3 * Math.sin(2 * Math.PI * 660 * i / 48000.0 + 1);
        }
        WavWriter.write(dir.resolve("in.wav"), new Clip(48000, x), WavWriter.Format.FLOAT32);
        String[][] cases = {{"gain", "-c", "gain_db", "-6", "{\"plugin\": \"gain\", \"params\": {\"gain_db\": -6}}", "1e-7"},
                {"eq", "-c", "type", "3", "-c", "freq", "2000", "{\"plugin\": \"eq\", \"params\": {\"type\": \"low_pass\", \"freq\": 2000}}", "2e-6"}};
        for (String[] c : cases) {
            List<String> cmd = new java.util.ArrayList<>(List.of("lv2apply", "-i", dir.resolve("in.wav").toString(), "-o", dir.resolve("lv2.wav").toString()));
            cmd.addAll(List.of(c).subList(1, c.length - 2));
            cmd.add(Lv2Bundle.uri(c[0]));
            run(lv2, 120, cmd.toArray(String[]::new));
            Clip got = AudioFiles.read(dir.resolve("lv2.wav")), want = hostBounce(c[c.length - 2]);
            assertThat(got.frames()).isEqualTo(want.frames());
            double worst = 0;
            for (int ch = 0; ch < 2; ch++) for (int i = 0; i < got.frames(); i++) worst = Math.max(worst, Math.abs(got.samples()[ch][i] - want.samples()[ch][i]));
            System.out.printf(java.util.Locale.ROOT, "lv2apply %s against siren host: max difference %.3g%n", c[0], worst);
            assertThat(worst).as(c[0]).isLessThanOrEqualTo(Double.parseDouble(c[c.length - 1]));
        }
    }

    @Test
    void jalvOnJackPlaysTheStringAtTheNotesPitch() throws Exception {
        for (String prog : new String[] {"gcc", "jalv", "jackd", "jack_wait", "jack_rec", "jack_lsp", "jack_connect"})
            if (!LiveOutputTest.onPath(prog) || !Files.isRegularFile(Path.of("/usr/include/lv2/core/lv2.h"))) {
                String why = prog + " or the LV2 headers are missing (Debian packages gcc, lv2-dev, jalv, jackd2)";
                if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + ": .ci/run installs them");
                Assumptions.abort(why + ": test skipped");
            }
        Path lv2 = dir.resolve("lv2");
        Lv2Bundle.build(lv2.resolve("siren.lv2"), List.of("siren.string"), Lv2Bundle.classPath());
        Process server = null, jalv = null;
        if (LiveOutputTest.run(5, "jack_wait", "-c").contains("not running")) {
            server = new ProcessBuilder("jackd", "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "1024").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jackd.log").toFile()).start();
            assertThat(LiveOutputTest.run(15, "jack_wait", "-w", "-t", "10")).contains("server is available");
        }
        org.jaudiolibs.jnajack.JackClient midi = null;
        try {
            ProcessBuilder pb = new ProcessBuilder("jalv", "-n", "sirenstring", Lv2Bundle.uri("siren.string")).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jalv.log").toFile());
            pb.environment().put("LV2_PATH", lv2.toString());
            jalv = pb.start(); // its console waits on stdin, which stays open
            boolean up = false;
            for (int i = 0; i < 600 && !up; i++) {
                up = LiveOutputTest.run(5, "jack_lsp").contains("sirenstring:out_2");
                if (!up) Thread.sleep(100);
            }
            assertThat(up).as("jalv's ports: " + Files.readString(dir.resolve("jalv.log"))).isTrue();
            // a JACK MIDI client: note on (A3, 220 Hz) once jack_rec is connected, note off 1 s later
            var jack = org.jaudiolibs.jnajack.Jack.getInstance();
            midi = jack.openClient("siren-midi", java.util.EnumSet.of(org.jaudiolibs.jnajack.JackOptions.JackNoStartServer),
                    java.util.EnumSet.noneOf(org.jaudiolibs.jnajack.JackStatus.class));
            var port = midi.registerPort("out", org.jaudiolibs.jnajack.JackPortType.MIDI, org.jaudiolibs.jnajack.JackPortFlags.JackPortIsOutput);
            long[] sent = {0};
            boolean[] go = {false};
            int rate = midi.getSampleRate();
            midi.setProcessCallback((c, n) -> {
                try {
                    org.jaudiolibs.jnajack.JackMidi.clearBuffer(port);
                    if (go[0]) {
                        if (sent[0] == 0) org.jaudiolibs.jnajack.JackMidi.eventWrite(port, 0, new byte[] {(byte) 0x90, 57, 100}, 3);
                        if (sent[0] < rate && sent[0] + n >= rate) org.jaudiolibs.jnajack.JackMidi.eventWrite(port, (int) (rate - sent[0]), new byte[] {(byte) 0x80, 57, 0}, 3);
                        sent[0] += n;
                    }
                } catch (org.jaudiolibs.jnajack.JackException e) {
                    return false;
                }
                return true;
            });
            midi.activate();
            jack.connect(midi, "siren-midi:out", "sirenstring:midi_in");
            Path rec = dir.resolve("rec.wav");
            Process recorder = new ProcessBuilder("jack_rec", "-f", rec.toString(), "-d", "1.5", "-b", "32", "sirenstring:out_1")
                    .redirectErrorStream(true).start();
            for (int i = 0; i < 100 && !LiveOutputTest.run(5, "jack_lsp", "-c").contains("jackrec:input1"); i++) Thread.sleep(20);
            go[0] = true;
            recorder.waitFor(20, TimeUnit.SECONDS);
            double[] y = AudioFiles.read(rec).samples()[0];
            int first = 0;
            while (first < y.length && Math.abs(y[first]) < 1e-6) first++;
            assertThat(first).as("the note sounded").isLessThan(y.length - 24000);
            double f = InstrumentsTest.frequency(y, 48000, first + 2400, first + 21600, 220);
            System.out.printf(java.util.Locale.ROOT, "jalv + siren.string, A3 over JACK MIDI: %.4f Hz (%+.3f cents)%n", f, InstrumentsTest.cents(f, 220));
            assertThat(InstrumentsTest.cents(f, 220)).isCloseTo(0, org.assertj.core.data.Offset.offset(5.0));
        } finally {
            if (midi != null) midi.close();
            if (jalv != null) { jalv.destroy(); jalv.waitFor(5, TimeUnit.SECONDS); jalv.destroyForcibly(); }
            if (server != null) { server.destroy(); server.waitFor(5, TimeUnit.SECONDS); }
        }
    }
}
