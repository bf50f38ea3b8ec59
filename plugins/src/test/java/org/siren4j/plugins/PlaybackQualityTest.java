package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.SincReference;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.host.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.SessionReader;

/**
 * What a user hears from the SIREN plugins, against an ideal band-limited resampling of the same clip
 * ({@link SincReference}: a 512-tap Kaiser-windowed sinc evaluated directly, independent of the plugins' filters): siren.resample's varispeed at speeds
 * 0.5, 1 and 2, its "apply -> new clip" at twice the rate, and siren.sampler at its root key and an octave either side.
 * The clips are the example session's phrase (24 kHz; nothing above 4.8 kHz but -87 dB) and pluck (22.05 kHz), 0.25 s each.
 */
class PlaybackQualityTest {
    @TempDir Path dir;

    /** SNR of {@code y} (output sample i at source position i * step) against the ideal, 30 ms from either end of the source. */
    static double snrDb(double[] x, int rate, double[] y, double step) { return SincReference.snrDb(x, y, step, (int) (0.03 * rate)); }

    double[] bounce(String json, Analyses an) throws Exception {
        Files.writeString(dir.resolve("s.json"), json);
        Path out = dir.resolve("out.wav");
        Bounce.Result r = Bounce.toWav(SessionReader.read(dir.resolve("s.json")), out, 256, WavWriter.Format.FLOAT32, an, (n, t) -> {});
        assertThat(r.failures()).isEmpty();
        return AudioFiles.read(out).samples()[0];
    }

    @Test
    void thePhrasePlaysAsAnIdealResamplerWould() throws Exception { measure("phrase.wav", 0.1); }

    @Test
    void thePluckPlaysAsAnIdealResamplerWould() throws Exception { measure("pluck.wav", 0); }

    /** 0.25 s of an example clip from {@code from} seconds, through every path; the worst must reach 60 dB. */
    void measure(String name, double from) throws Exception {
        Clip clip = AudioFiles.read(Path.of("../examples/sessions/clips/" + name));
        int rate = clip.sampleRate(), a = (int) (from * rate);
        double[] x = java.util.Arrays.copyOfRange(clip.samples()[0], a, Math.min(clip.frames(), a + rate / 4));
        WavWriter.write(dir.resolve("x.wav"), Clip.mono(rate, x), WavWriter.Format.FLOAT32);
        Analyses cache = new Analyses(dir.resolve("cache"), true, (w, f) -> {});
        StringBuilder table = new StringBuilder();
        double worst = Double.POSITIVE_INFINITY;
        for (double speed : new double[] {0.5, 1, 2}) {
            double[] y = bounce(String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"clips\": [{\"file\": \"x.wav\"}],"
                    + " \"inserts\": [{\"plugin\": \"siren.resample\", \"params\": {\"speed\": %s}}]}]}", rate, speed), cache);
            double snr = snrDb(x, rate, y, speed);
            table.append(String.format(Locale.ROOT, "%s: siren.resample speed %.1f: %.1f dB%n", name, speed, snr));
            worst = Math.min(worst, snr);
        }
        double[] up = bounce(String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"clips\": [{\"file\": \"x.wav\","
                + " \"apply\": {\"plugin\": \"siren.resample\"}}]}]}", 2 * rate), cache);
        double applied = snrDb(x, rate, up, 0.5);
        table.append(String.format(Locale.ROOT, "%s: siren.resample apply at 2x the rate: %.1f dB%n", name, applied));
        worst = Math.min(worst, applied);
        for (int semitones : new int[] {0, 12, -12}) {
            double[] y = bounce(String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"instrument\": {\"plugin\": \"siren.sampler\","
                    + " \"sample\": \"x.wav\", \"params\": {\"root\": 60, \"attack_ms\": 0, \"decay_ms\": 0, \"sustain\": 1, \"velocity\": 0}},"
                    + " \"notes\": [{\"time\": 0, \"duration\": 1, \"pitch\": %d, \"velocity\": 127}]}]}", rate, 60 + semitones), cache);
            double snr = snrDb(x, rate, y, Math.pow(2, semitones / 12.0));
            table.append(String.format(Locale.ROOT, "%s: siren.sampler %+d semitones: %.1f dB%n", name, semitones, snr));
            worst = Math.min(worst, snr);
        }
        System.out.print(table);
        assertThat(cache.computed()).as("one fit per plugin serves all its bounces").isEqualTo(2);
        // the goal; measured on the phrase: varispeed 63.6 / 63.0 / 67.4 dB, apply 63.0, sampler 62.9 / 67.4 / 62.9
        // (26-32 dB before this round)
        assertThat(worst).as("the worst playback against the ideal resampling:%n%s", table).isGreaterThan(60);
    }
}
