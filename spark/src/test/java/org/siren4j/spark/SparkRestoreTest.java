package org.siren4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.restore.RestoreJob;

/** {@code siren restore DIR --master}: the folder's files restored as Spark tasks, to the local job's bytes, reports beside them. */
class SparkRestoreTest {
    @TempDir Path dir;

    /** Four two-tone clips with 20 clicks a second of 4-20 samples (one in a subfolder) and a broken file; returns the clean clips. */
    static List<Clip> damagedFolder(Path in) throws java.io.IOException {
        Files.createDirectories(in.resolve("sub"));
        List<Clip> clean = new ArrayList<>();
        for (int k = 0; k < 4; k++) { // two tones each, 20 clicks a second of 4-20 samples
            double[] x = new double[8000], y = new double[x.length];
            for (int i = 0; i < x.length; i++) x[i] = y[i] = 0.3 * Math.sin(2 * Math.PI * (220 + 50 * k) * i / 16000.0) + 0.1 * Math.sin(2 * Math.PI * (990 + 30 * k) * i / 16000.0 + k);
            SplittableRandom r = new SplittableRandom(k);
            for (int c = 0; c < 10; c++) {
                int at = 200 + c * 760 + r.nextInt(300), len = 4 + r.nextInt(17);
                for (int i = 0; i < len; i++) y[at + i] += 0.3 * Math.sin(Math.PI * (i + 1) / (len + 1)) * (r.nextBoolean() ? 1 : -1);
            }
            clean.add(Clip.mono(16000, x));
            WavWriter.write(in.resolve(name(k)), Clip.mono(16000, y), WavWriter.Format.FLOAT32);
        }
        Files.writeString(in.resolve("broken.wav"), "RIFF....WAVE but nothing else");
        return clean;
    }

    /** A clip's path under the folder. */
    static String name(int k) { return (k == 0 ? "sub/" : "") + "clip" + k + ".wav"; }

    /** The local job's outputs and the engine's are the same bytes, each with its report. */
    static void sameOutputs(Path local, Path engine) throws java.io.IOException {
        for (int k = 0; k < 4; k++) {
            assertThat(Files.readAllBytes(engine.resolve(name(k)))).as(name(k)).isEqualTo(Files.readAllBytes(local.resolve(name(k))));
            assertThat(engine.resolve(name(k) + ".json")).as("the report beside it").exists();
        }
    }

    @Test
    void sparkLocalTwoRestoresTheFolderToTheLocalJobsBytes() throws Exception {
        Path in = dir.resolve("in");
        List<Clip> clean = damagedFolder(in);
        RestoreJob job = new RestoreJob(Set.of(), 5, "siren", 0, WavWriter.Format.FLOAT32);

        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        List<BatchFit.Outcome> mine = BatchFit.runLocal(BatchFit.plan(new LocalStore(), in.toString(), local.toString(), false, rel -> BatchFit.withExtension(rel, ".wav")).todo(),
                job, 1, 0, new LocalStore(), o -> { });
        SparkBatch runner = new SparkBatch();
        BatchFit.Plan plan = BatchFit.plan(runner.store(), in.toUri().toString(), spark.toUri().toString(), false, rel -> BatchFit.withExtension(rel, ".wav"));
        List<BatchFit.Outcome> heard = Collections.synchronizedList(new ArrayList<>());
        List<BatchFit.Outcome> theirs = runner.run("local[2]", "siren restore", plan.todo(), job, heard::add);

        assertThat(heard).as("every file reported once").hasSize(5);
        for (List<BatchFit.Outcome> outcomes : List.of(mine, theirs)) {
            assertThat(outcomes.stream().filter(o -> o.status().equals(RestoreJob.RESTORED)).count()).isEqualTo(4);
            assertThat(outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FAILED)).map(BatchFit.Outcome::file).toList()).containsExactly("broken.wav");
        }
        sameOutputs(local, spark);
        for (int k = 0; k < 4; k++) {
            Clip damaged = AudioFiles.read(in.resolve(name(k))), restored = AudioFiles.read(spark.resolve(name(k)));
            assertThat(AudioSignal.snrDb(clean.get(k), restored)).as(name(k)).isGreaterThan(AudioSignal.snrDb(clean.get(k), damaged) + 15);
        }
        try (var walk = Files.walk(spark)) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".crc") || p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }
}
