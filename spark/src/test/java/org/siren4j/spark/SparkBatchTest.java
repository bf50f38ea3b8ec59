package org.siren4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.LocalStore;

/** The batch on Spark local[2]: the same outcomes and the same model bytes as the local batch. */
class SparkBatchTest {
    @TempDir Path dir;

    /** {@code count} quarter-second two-tone clips at 8 kHz (every {@code subEvery}-th in a subfolder; 0: none) and a broken file. */
    static Path folder(Path in, int count, int subEvery) throws java.io.IOException {
        Files.createDirectories(in.resolve("sub"));
        for (int k = 0; k < count; k++) {
            double[] x = new double[2000];
            for (int i = 0; i < x.length; i++) x[i] = 0.4 * Math.sin(2 * Math.PI * (230 + 41 * k) * i / 8000.0) + 0.1 * Math.sin(2 * Math.PI * (700 + 13 * k) * i / 8000.0 + k);
            WavWriter.write(in.resolve((subEvery > 0 && k % subEvery == 0 ? "sub/" : "") + "clip" + k + ".wav"), Clip.mono(8000, x), WavWriter.Format.PCM24);
        }
        Files.writeString(in.resolve("broken.wav"), "RIFF....WAVE but nothing else");
        return in;
    }

    @Test
    void sparkLocalTwoFitsTheFolderToTheLocalBatchsBytes() throws Exception {
        Path in = folder(dir.resolve("in"), 20, 5);
        AudioFitter.Settings s = AudioFitter.Settings.quality("draft").withSteps(30).withNet(16, 6000).withSeed(7);
        BatchFit.Config config = new BatchFit.Config(s, 0, 1);

        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        long t0 = System.nanoTime();
        List<BatchFit.Outcome> mine = BatchFit.runLocal(BatchFit.plan(new LocalStore(), in.toString(), local.toString(), false).todo(), config, 2, new LocalStore(), o -> {});
        double localSeconds = (System.nanoTime() - t0) * 1e-9;

        SparkBatch runner = new SparkBatch();
        // Hadoop-style paths (file: URIs), as a cluster's hdfs:// or s3a:// paths would come
        BatchFit.Plan plan = BatchFit.plan(runner.store(), in.toUri().toString(), spark.toUri().toString(), false);
        assertThat(plan.todo()).hasSize(21);
        List<BatchFit.Outcome> heard = Collections.synchronizedList(new ArrayList<>());
        t0 = System.nanoTime();
        List<BatchFit.Outcome> theirs = runner.run("local[2]", plan.todo(), config, heard::add);
        double sparkSeconds = (System.nanoTime() - t0) * 1e-9;

        assertThat(heard).as("every file reported once, as it finished").hasSize(21);
        assertThat(theirs).hasSize(21);
        for (List<BatchFit.Outcome> outcomes : List.of(mine, theirs)) {
            assertThat(outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FITTED)).count()).isEqualTo(20);
            assertThat(outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FAILED)).map(BatchFit.Outcome::file).toList()).containsExactly("broken.wav");
        }
        try (var walk = Files.walk(local)) {
            List<Path> models = walk.filter(p -> p.toString().endsWith(".siren")).toList();
            assertThat(models).hasSize(20);
            for (Path m : models) assertThat(Files.readAllBytes(spark.resolve(local.relativize(m)))).as(m.toString()).isEqualTo(Files.readAllBytes(m));
        }
        assertThat(spark.resolve("sub/clip0.siren")).exists();
        try (var walk = Files.walk(spark)) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".crc") || p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        System.out.printf(Locale.ROOT, "20 clips (+1 broken): local batch, 2 jobs, %.1f s; Spark local[2] %.1f s (with the context's start); models byte-identical%n",
                localSeconds, sparkSeconds);
    }
}
