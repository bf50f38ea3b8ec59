package org.siren4j.examples;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;

/**
 * Fits an excerpt of a sound file with a quality preset and prints the cost (seconds per audio second), the SNR on
 * the samples, parameters per sample and the SHA-256 of the model's bytes: run it twice, once beside a CPU hog, and
 * the hash is the same (counted budgets). Arguments: WAV [from-seconds] [seconds] [quality] [finish iterations, to try other counts].
 */
public final class FitExcerpt {
    private FitExcerpt() {}

    public static void main(String[] args) throws Exception {
        Clip full = AudioFiles.read(Path.of(args[0]));
        double from = args.length > 1 ? Double.parseDouble(args[1]) : 0, len = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        String quality = args.length > 3 ? args[3] : "normal";
        int rate = full.sampleRate(), a = (int) (from * rate), n = (int) Math.min(len * rate, full.frames() - a);
        double[][] x = new double[full.channels()][];
        for (int c = 0; c < x.length; c++) x[c] = java.util.Arrays.copyOfRange(full.samples()[c], a, a + n);
        Clip clip = new Clip(rate, x);
        AudioFitter.Settings settings = AudioFitter.Settings.quality(quality);
        if (args.length > 4) settings = settings.withFinishIterations(Integer.parseInt(args[4]));
        AudioFitter fitter = new AudioFitter(settings);
        long t0 = System.nanoTime();
        AudioModel m = fitter.fit(clip, fitter.layout(clip), null, 0, p -> { });
        double sec = (System.nanoTime() - t0) * 1e-9;
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.toBytes()));
        try (SirenEngine e = Engines.cpu()) {
            System.out.printf("%s, %.2f s from %.2f s, quality %s: %.1f s (%.1f s per audio second), SNR on the samples %.2f dB, "
                    + "%.2f parameters per sample, model SHA-256 %s%n", args[0], clip.seconds(), from, quality, sec, sec / clip.seconds(),
                    m.fidelity(e, clip).snrDb(), m.parameterCount() / (double) (clip.frames() * clip.channels()), sha);
        }
    }
}
