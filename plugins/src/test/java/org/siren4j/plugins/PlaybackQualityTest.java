package org.siren4j.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.plugins.host.PlaybackQuality;

/**
 * What a user hears from the SIREN plugins against an ideal band-limited resampling ({@link PlaybackQuality}), on the
 * example session's phrase (24 kHz; nothing above 4.8 kHz but -87 dB) and pluck (22.05 kHz), 0.25 s each.
 */
class PlaybackQualityTest {
    @TempDir Path dir;

    @Test
    void thePhrasePlaysAsAnIdealResamplerWould() throws Exception { measure("phrase.wav", 0.1); }

    @Test
    void thePluckPlaysAsAnIdealResamplerWould() throws Exception { measure("pluck.wav", 0); }

    /** 0.25 s of an example clip from {@code from} seconds, through every path; the worst must reach 60 dB. */
    void measure(String name, double from) throws Exception {
        Clip clip = AudioFiles.read(Path.of("../examples/sessions/clips/" + name));
        int rate = clip.sampleRate(), a = (int) (from * rate);
        double[] x = java.util.Arrays.copyOfRange(clip.samples()[0], a, Math.min(clip.frames(), a + rate / 4));
        Map<String, Double> snr = PlaybackQuality.measure(x, rate, dir).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().full(), (p, q) -> p, java.util.LinkedHashMap::new));
        String table = snr.entrySet().stream().map(e -> String.format("%s: %s: %.1f dB", name, e.getKey(), e.getValue())).collect(Collectors.joining("\n"));
        System.out.println(table);
        assertThat(snr.keySet()).containsExactly(PlaybackQuality.PATHS);
        // the goal; measured on the phrase: varispeed 65.9 / 65.8 / 69.1 dB, apply 65.8, sampler 65.8 / 69.1 / 65.8
        // (26-32 dB before the band-limited fits)
        assertThat(snr.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .as("the worst playback against the ideal resampling:%n%s", table).isGreaterThan(60);
    }
}
