package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;

/** siren restore end to end: a 16-bit file with clicks and a dropout, its clean original as the truth. */
class RestoreCliTest {
    @TempDir Path dir;

    static final int RATE = 22050;

    /** 1 s of two partials and a swell, on the 16-bit grid. */
    static double[] clean() {
        double[] x = new double[RATE];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            x[i] = Math.round(32768 * (0.6 + 0.3 * Math.sin(2 * Math.PI * 2 * t)) * (0.4 * Math.sin(2 * Math.PI * 330 * t) + 0.1 * Math.sin(2 * Math.PI * 990 * t + 1))) / 32768.0;
        }
        return x;
    }

    @Test
    void restoresClicksAndADropoutKeepingEveryOtherSampleBitForBit() throws Exception {
        double[] clean = clean(), damaged = clean.clone();
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 15; k++) {
            int at = 700 + 1400 * k + r.nextInt(200), len = 5 + r.nextInt(20);
            for (int i = 0; i < len; i++) damaged[at + i] = Math.round(32768 * (damaged[at + i] + 0.3 * Math.sin(Math.PI * (i + 1) / (len + 1)) * (i % 2 == 0 ? 1 : -1))) / 32768.0;
        }
        java.util.Arrays.fill(damaged, 12750, 12950, 0); // a 9 ms dropout, between two clicks
        Path in = dir.resolve("damaged.wav"), ref = dir.resolve("clean.wav"), out = dir.resolve("restored.wav");
        WavWriter.writeUndithered(in, Clip.mono(RATE, damaged), WavWriter.Format.PCM16);
        WavWriter.writeUndithered(ref, Clip.mono(RATE, clean), WavWriter.Format.PCM16);
        Cli.Run run = Cli.run("restore", in.toString(), "-o", out.toString(), "--format", "pcm16", "--clean", ref.toString(), "-q");
        assertThat(run.code()).as(run.err()).isZero();

        double[] x = AudioFiles.read(in).samples()[0], y = AudioFiles.read(out).samples()[0];
        JsonNode rep = Reports.JSON.readTree(dir.resolve("restored.wav.json").toFile());
        boolean[] damagedRun = new boolean[x.length];
        for (JsonNode d : rep.path("damage").path("runs"))
            for (int i = d.get("start").asInt(); i < d.get("start").asInt() + d.get("length").asInt(); i++) damagedRun[i] = true;
        int changed = 0;
        for (int i = 0; i < x.length; i++) {
            if (!damagedRun[i]) assertThat(y[i]).as("undamaged sample %d", i).isEqualTo(x[i]);
            else if (y[i] != x[i]) changed++;
        }
        assertThat(changed).isGreaterThan(200);
        assertThat(rep.path("damage").path("dropouts").path("runs").asInt()).isEqualTo(1);
        assertThat(rep.path("damage").path("clicks").path("runs").asInt()).isBetween(15, 20);
        // the figures: against the clean file, computed here from the written WAV
        double s = 0, e = 0, e0 = 0;
        for (int i = 0; i < x.length; i++) { s += clean[i] * clean[i]; e += (y[i] - clean[i]) * (y[i] - clean[i]); e0 += (x[i] - clean[i]) * (x[i] - clean[i]); }
        double before = 10 * Math.log10(s / e0), after = 10 * Math.log10(s / e);
        assertThat(after).as("SNR %.2f -> %.2f dB", before, after).isGreaterThan(before + 25);
        assertThat(rep.path("snr_db").path("siren").asDouble()).isCloseTo(after, org.assertj.core.data.Offset.offset(0.2));
        for (String ablation : new String[] {"ar", "linear"}) assertThat(rep.path("snr_db").path(ablation).asDouble()).isLessThan(after);
    }

    @Test
    void aCleanFileComesOutUnchangedAndBadInputIsOneLineWithExitCodeTwo() throws Exception {
        Path in = dir.resolve("clean.wav"), out = dir.resolve("out.wav");
        WavWriter.writeUndithered(in, Clip.mono(RATE, clean()), WavWriter.Format.PCM16);
        Cli.Run run = Cli.run("restore", in.toString(), "-o", out.toString(), "--format", "pcm16", "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(in));
        assertThat(Reports.JSON.readTree(dir.resolve("out.wav.json").toFile()).get("found").asText()).startsWith("no damage found");

        String[][] bad = {{"restore", dir.resolve("missing.wav").toString(), "-o", dir.resolve("a.wav").toString()},
                {"restore", in.toString(), "-o", in.toString()},
                {"restore", in.toString(), "-o", dir.resolve("b.wav").toString(), "--repair", "magic"},
                {"restore", in.toString(), "-o", dir.resolve("c.wav").toString(), "--threshold", "0"},
                {"restore", in.toString(), "-o", dir.resolve("d.wav").toString(), "--force"}};
        for (String[] a : bad) {
            Cli.Run r = Cli.run(a);
            assertThat(r.code()).as(String.join(" ", a)).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        }
        for (String f : new String[] {"a.wav", "b.wav", "c.wav", "d.wav"}) assertThat(dir.resolve(f)).doesNotExist();
        assertThat(Files.readAllBytes(in)).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void aFolderIsRestoredFileByFileAndABrokenFileIsItsOwnRow() throws Exception {
        Path src = dir.resolve("in"), dst = dir.resolve("out");
        Files.createDirectories(src.resolve("sub"));
        double[] x = clean();
        for (int i = 5000; i < 5010; i++) x[i] += 0.4 * (i % 2 == 0 ? 1 : -1);
        WavWriter.write(src.resolve("a.wav"), Clip.mono(RATE, x), WavWriter.Format.FLOAT32);
        WavWriter.write(src.resolve("sub/b.wav"), Clip.mono(RATE, clean()), WavWriter.Format.FLOAT32);
        Files.writeString(src.resolve("broken.wav"), "not audio");
        Cli.Run run = Cli.run("restore", src.toString(), "-o", dst.toString(), "-q");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        JsonNode files = Reports.JSON.readTree(dst.resolve("index.json").toFile()).get("files");
        assertThat(files).hasSize(3);
        java.util.Map<String, String> status = new java.util.HashMap<>();
        for (JsonNode f : files) status.put(f.get("file").asText(), f.get("status").asText());
        assertThat(status).containsEntry("a.wav", "restored").containsEntry("sub/b.wav", "restored").containsEntry("broken.wav", "failed");
        assertThat(dst.resolve("sub/b.wav")).exists();
        run = Cli.run("restore", src.toString(), "-o", dst.toString(), "-q"); // again: the two outputs are newer, skipped
        JsonNode again = Reports.JSON.readTree(dst.resolve("index.json").toFile()).get("files");
        long upToDate = 0;
        for (JsonNode f : again) if (f.get("status").asText().equals("up-to-date")) upToDate++;
        assertThat(upToDate).isEqualTo(2);
    }
}
