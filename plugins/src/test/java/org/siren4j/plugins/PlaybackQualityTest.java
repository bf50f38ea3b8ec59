package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.host.Analyses;
import org.siren4j.plugins.host.Bounce;
import org.siren4j.plugins.host.SessionReader;

/**
 * What a user hears from the SIREN plugins, against an ideal band-limited resampling of the same clip (a long
 * Kaiser-windowed sinc written here, independent of the project's filters): siren.resample's varispeed at speeds
 * 0.5, 1 and 2, its "apply -> new clip" at twice the rate, and siren.sampler at its root key and an octave either side.
 * The clips are the example session's phrase (24 kHz; nothing above 4.8 kHz but -87 dB) and pluck (22.05 kHz), 0.25 s each.
 */
class PlaybackQualityTest {
    @TempDir Path dir;

    static final int HALF = 256;          // taps each side of the ideal interpolator
    static final double BETA = 14;        // Kaiser window: ~-140 dB sidelobes

    /** The clip at source position p (in samples), band-limited to {@code fc} cycles per source sample. */
    static double ideal(double[] x, double p, double fc) {
        int k0 = (int) Math.floor(p);
        double s = 0;
        for (int k = k0 - HALF + 1; k <= k0 + HALF; k++) {
            if (k < 0 || k >= x.length) continue;
            double d = p - k, r = d / HALF;
            if (Math.abs(r) >= 1) continue;
            double sinc = d == 0 ? 1 : Math.sin(2 * Math.PI * fc * d) / (2 * Math.PI * fc * d);
            s += x[k] * 2 * fc * sinc * besselI0(BETA * Math.sqrt(1 - r * r)) / besselI0(BETA);
        }
        return s;
    }

    static double besselI0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 60; k++) { term *= (x / (2 * k)) * (x / (2 * k)); sum += term; }
        return sum;
    }

    /** SNR of {@code y} (output sample i at source position i * step) against the ideal, 30 ms from either end of the source. */
    static double snrDb(double[] x, int rate, double[] y, double step) {
        double fc = 0.5 / Math.max(1, step), sig = 0, err = 0;
        int margin = (int) (0.03 * rate);
        for (int i = 0; i < y.length; i++) {
            double p = i * step;
            if (p < margin || p > x.length - 1 - margin) continue;
            double t = ideal(x, p, fc);
            sig += t * t;
            err += (y[i] - t) * (y[i] - t);
        }
        return 10 * Math.log10(sig / err);
    }

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
