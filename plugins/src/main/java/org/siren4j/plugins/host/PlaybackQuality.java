package org.siren4j.plugins.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.SincReference;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.analysis.Analyses;

/**
 * What a user hears from the SIREN plugins, against an ideal band-limited resampling of the same clip
 * ({@link SincReference}: a 512-tap Kaiser-windowed sinc evaluated directly, independent of the plugins' filters):
 * siren.resample's varispeed at speeds 0.5, 1 and 2, its "apply -> new clip" at twice the rate, and siren.sampler at
 * its root key and an octave either side, each bounced through the host as a session. Each plugin fits the clip once.
 * Besides the SNR over the whole band, the SNR over its lower 90% (the shared protocol's SNR_PB) leaves out the playback
 * filter's transition band, where no real filter matches a brick wall.
 */
public final class PlaybackQuality {
    private PlaybackQuality() {}

    /** The playback paths measured, in order. */
    public static final String[] PATHS = {"siren.resample speed 0.5", "siren.resample speed 1.0", "siren.resample speed 2.0",
        "siren.resample apply at 2x the rate", "siren.sampler +0 semitones", "siren.sampler +12 semitones", "siren.sampler -12 semitones"};

    /** SNR of {@code y} (output sample i at source position i * step) against the ideal, 30 ms from either end of the source. */
    public static SincReference.Snr snr(double[] x, int rate, double[] y, double step) { return SincReference.compare(x, y, step, (int) (0.03 * rate)); }

    /**
     * The mono clip {@code x} at {@code rate} through every path of {@link #PATHS}, bounced in {@code dir} (a scratch folder:
     * the clip, sessions, outputs and the plugins' analysis cache go there); SNR in dB per path, over the whole band and over its lower 90%.
     */
    public static Map<String, SincReference.Snr> measure(double[] x, int rate, Path dir) throws IOException, SessionException {
        return measure(x, rate, dir, defaultQuality());
    }

    /** The fit quality siren.resample and siren.sampler offer, as the plugin declares it (their shared parameter). */
    private static ParamInfo qualityParam() {
        return Plugins.create("siren.resample").params().stream().filter(p -> p.id().equals("quality")).findFirst().orElseThrow();
    }

    /** The plugins' default fit quality, by name. */
    static String defaultQuality() {
        ParamInfo q = qualityParam();
        return q.format(q.defaultValue());
    }

    /** As above, with one of the plugins' fit qualities by name ({@code normal}, {@code high}). */
    public static Map<String, SincReference.Snr> measure(double[] x, int rate, Path dir, String quality) throws IOException, SessionException {
        List<String> names = List.of(qualityParam().labels());
        int q = names.indexOf(quality);
        if (q < 0) throw new IllegalArgumentException("quality: " + String.join(" or ", names) + ", not " + quality);
        WavWriter.write(dir.resolve("x.wav"), Clip.mono(rate, x), WavWriter.Format.FLOAT32);
        Analyses cache = new Analyses(dir.resolve("cache"), true, (w, f) -> {});
        Map<String, SincReference.Snr> snr = new LinkedHashMap<>();
        int i = 0;
        for (double speed : new double[] {0.5, 1, 2}) {
            double[] y = bounce(dir, String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"clips\": [{\"file\": \"x.wav\"}],"
                    + " \"inserts\": [{\"plugin\": \"siren.resample\", \"params\": {\"speed\": %s, \"quality\": %d}}]}]}", rate, speed, q), cache);
            snr.put(PATHS[i++], snr(x, rate, y, speed));
        }
        double[] up = bounce(dir, String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"clips\": [{\"file\": \"x.wav\","
                + " \"apply\": {\"plugin\": \"siren.resample\", \"params\": {\"quality\": %d}}}]}]}", 2 * rate, q), cache);
        snr.put(PATHS[i++], snr(x, rate, up, 0.5));
        for (int semitones : new int[] {0, 12, -12}) {
            double[] y = bounce(dir, String.format(Locale.ROOT, "{\"sampleRate\": %d, \"tracks\": [{\"instrument\": {\"plugin\": \"siren.sampler\","
                    + " \"sample\": \"x.wav\", \"params\": {\"root\": 60, \"attack_ms\": 0, \"decay_ms\": 0, \"sustain\": 1, \"velocity\": 0, \"quality\": %d}},"
                    + " \"notes\": [{\"time\": 0, \"duration\": %s, \"pitch\": %d, \"velocity\": 127}]}]}", rate, q,
                    2 * x.length / (double) rate + 0.1, 60 + semitones), cache);
            snr.put(PATHS[i++], snr(x, rate, y, Math.pow(2, semitones / 12.0)));
        }
        if (cache.computed() != 2) throw new IllegalStateException("expected one fit per plugin, got " + cache.computed());
        return snr;
    }

    private static double[] bounce(Path dir, String json, Analyses an) throws IOException, SessionException {
        Files.writeString(dir.resolve("s.json"), json);
        Path out = dir.resolve("out.wav");
        Bounce.Result r = Bounce.toWav(SessionReader.read(dir.resolve("s.json")), out, 256, WavWriter.Format.FLOAT32, an, (n, t) -> {});
        if (!r.failures().isEmpty()) throw new IllegalStateException("a plugin failed: " + r.failures());
        return AudioFiles.read(out).samples()[0];
    }

    /**
     * Measures excerpts of WAV files: {@code [--quality normal|high] WAV [from-seconds [seconds]]...} as triples (defaults
     * 0 s and 1 s); prints a tab-separated row per clip and path. Run by {@code scripts/playback-protocol.sh} on the protocol corpus.
     */
    public static void main(String[] args) throws Exception {
        String quality = defaultQuality();
        if (args.length > 1 && args[0].equals("--quality")) {
            quality = args[1];
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        System.out.println("clip\tfrom_s\tseconds\trate\tpath\tsnr_db\tsnr_pb_db");
        for (int k = 0; k < args.length; k += 3) {
            Clip clip = AudioFiles.read(Path.of(args[k]));
            double from = k + 1 < args.length ? Double.parseDouble(args[k + 1]) : 0, len = k + 2 < args.length ? Double.parseDouble(args[k + 2]) : 1;
            int rate = clip.sampleRate(), a = (int) (from * rate);
            double[] x = java.util.Arrays.copyOfRange(clip.samples()[0], a, (int) Math.min(clip.frames(), a + Math.round(len * rate)));
            Path dir = Files.createTempDirectory("siren-playback");
            try {
                for (Map.Entry<String, SincReference.Snr> e : measure(x, rate, dir, quality).entrySet())
                    System.out.printf(Locale.ROOT, "%s\t%.2f\t%.2f\t%d\t%s\t%.1f\t%.1f%n", Path.of(args[k]).getFileName(), from, x.length / (double) rate, rate,
                            e.getKey(), e.getValue().full(), e.getValue().passband());
            } finally {
                try (var files = Files.walk(dir)) { files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
            }
        }
    }
}
