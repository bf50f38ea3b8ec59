package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.JackOutput;
import org.siren4j.plugins.host.LiveOutput;
import org.siren4j.plugins.host.Session;
import org.siren4j.plugins.host.SessionReader;
import org.siren4j.plugins.testing.FakeMixerProvider;

/** The live paths play what the offline bounce writes: javax.sound against a recording fake line, JACK against a real jackd. */
class LiveOutputTest {
    @TempDir Path dir;

    Session session() throws Exception {
        double[] x = new double[24000];
        for (int i = 0; i < x.length; i++) x[i] = 0.4 * Math.sin(2 * Math.PI * 330 * i / 48000.0) * Math.min(1, i / 2400.0);
        WavWriter.write(dir.resolve("tone.wav"), Clip.mono(48000, x), WavWriter.Format.FLOAT32);
        Files.writeString(dir.resolve("s.json"), "{\"tracks\": [{\"clips\": [{\"file\": \"tone.wav\", \"start\": 0.05}],"
                + " \"inserts\": [{\"plugin\": \"eq\", \"params\": {\"type\": \"low_pass\", \"freq\": 1500}}], \"pan\": 0.4,"
                + " \"automation\": [{\"plugin\": 0, \"param\": \"freq\", \"points\": [[0.1, 1500], [0.4, 300]]}]}]}");
        return SessionReader.read(dir.resolve("s.json"));
    }

    Clip bounce(Session s) throws Exception {
        Path out = dir.resolve("mix.wav");
        Bounce.toWav(s, out, 256, WavWriter.Format.FLOAT32, new Analyses(dir.resolve("cache"), true, (w, f) -> {}), (n, t) -> {});
        return AudioFiles.read(out);
    }

    @Test
    void theSoundCardPathPlaysTheBounceAsSixteenBitPcm() throws Exception {
        Session s = session();
        Clip mix = bounce(s);
        LiveOutput.Result r = LiveOutput.playOnLine(s, 128, new Analyses(dir.resolve("cache"), false, (w, f) -> {}), null);
        assertThat(r.failures()).isEmpty();
        assertThat(FakeMixerProvider.format.getChannels()).isEqualTo(2);
        assertThat(FakeMixerProvider.format.getSampleRate()).isEqualTo(48000f);
        ByteBuffer played = ByteBuffer.wrap(FakeMixerProvider.PLAYED.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(played.remaining()).isEqualTo(mix.frames() * 4);
        for (int i = 0; i < mix.frames(); i++)
            for (int c = 0; c < 2; c++)
                assertThat(played.getShort()).as("frame %d channel %d", i, c)
                        .isEqualTo((short) Math.round(Math.max(-1f, Math.min(1f, (float) mix.samples()[c][i])) * 32767f));
    }

    @Test
    void theJackClientPlaysTheBounceIntoJackRec() throws Exception {
        SystemPrograms.needPrograms("jackd2", "jackd", "jack_wait", "jack_rec");
        Session s = session();
        Clip mix = bounce(s);
        Process server = null;
        if (SystemPrograms.output(5, "jack_wait", "-c").contains("not running")) {
            server = new ProcessBuilder("jackd", "--no-realtime", "-d", "dummy", "-r", "48000", "-p", "1024").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jackd.log").toFile()).start();
            assertThat(SystemPrograms.output(15, "jack_wait", "-w", "-t", "10")).as("jackd started").contains("server is available");
        }
        try {
            List<Throwable> failed = new ArrayList<>();
            Thread client = new Thread(() -> {
                try {
                    JackOutput.play(s, new Analyses(dir.resolve("cache"), false, (w, f) -> {}), null, "siren-test", false);
                } catch (Throwable e) {
                    failed.add(e);
                }
            });
            client.start();
            for (int i = 0; i < 200 && !SystemPrograms.output(5, "jack_lsp").contains("siren-test:out_2"); i++) Thread.sleep(50);
            Path rec = dir.resolve("rec.wav");
            // jack_rec connects to the ports: that connection starts the playback
            SystemPrograms.output(20, "jack_rec", "-f", rec.toString(), "-d", "1.5", "-b", "32", "siren-test:out_1", "siren-test:out_2");
            client.join(20000);
            assertThat(failed).isEmpty();
            Clip got = AudioFiles.read(rec);
            double[] l = got.samples()[0], want = mix.samples()[0];
            int first = 0, wantFirst = 0;
            while (first < l.length && l[first] == 0) first++;
            while (wantFirst < want.length && want[wantFirst] == 0) wantFirst++;
            int off = first - wantFirst;
            assertThat(off).as("the recording holds the start").isGreaterThanOrEqualTo(0);
            assertThat(got.frames() - off).as("and the whole mix").isGreaterThanOrEqualTo(mix.frames());
            for (int c = 0; c < 2; c++)
                for (int i = 0; i < mix.frames(); i++)
                    assertThat(got.samples()[c][off + i]).as("channel %d frame %d", c, i).isCloseTo(mix.samples()[c][i], org.assertj.core.data.Offset.offset(1e-8));
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
