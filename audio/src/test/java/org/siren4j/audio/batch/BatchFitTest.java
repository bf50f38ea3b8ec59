package org.siren4j.audio.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFitTest {
    @TempDir Path dir;

    @Test
    void thePlanSkipsModelsNewerThanTheirFileAndMirrorsFolders() throws Exception {
        Path in = dir.resolve("in"), out = dir.resolve("out");
        Files.createDirectories(in.resolve("a/b"));
        Files.createDirectories(out.resolve("a/b"));
        for (String f : new String[] {"x.wav", "a/y.AIFF", "a/b/z.au", "a/readme.txt", "a/b/noext"}) Files.writeString(in.resolve(f), "-");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(in.resolve("x.wav"), FileTime.fromMillis(now - 10_000));
        Files.setLastModifiedTime(in.resolve("a/y.AIFF"), FileTime.fromMillis(now - 10_000));
        Files.writeString(out.resolve("x.siren"), "newer model");
        Files.setLastModifiedTime(out.resolve("x.siren"), FileTime.fromMillis(now - 5_000));
        Files.writeString(out.resolve("a/y.siren"), "older model");
        Files.setLastModifiedTime(out.resolve("a/y.siren"), FileTime.fromMillis(now - 20_000));
        BatchFit.Plan plan = BatchFit.plan(new LocalStore(), in.toString(), out.toString(), false);
        assertThat(plan.upToDate()).extracting(BatchFit.Task::relative).containsExactly("x.wav");
        assertThat(plan.todo()).extracting(BatchFit.Task::relative).containsExactly("a/b/z.au", "a/y.AIFF");
        assertThat(plan.todo().get(0).model()).isEqualTo(out.resolve("a/b/z.siren").toString());
        assertThat(BatchFit.plan(new LocalStore(), in.toString(), out.toString(), true).todo()).hasSize(3);
    }

    @Test
    void aFilesSeedFollowsItsContentAndTheBatchSeed() {
        byte[] a = "one file".getBytes(), b = "another file".getBytes();
        assertThat(BatchFit.seedFor(0, a)).isEqualTo(BatchFit.seedFor(0, a.clone())).isNotEqualTo(BatchFit.seedFor(0, b)).isNotEqualTo(BatchFit.seedFor(1, a));
        assertThat(BatchFit.seedFor(0, a)).isNotNegative();
    }

    /** A local store that counts model writes and throws an Error reading one file. */
    static final class Flaky implements Store {
        final LocalStore disk = new LocalStore();
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();

        @Override public java.util.List<Item> list(String root) throws java.io.IOException { return disk.list(root); }

        @Override public String resolve(String root, String relative) { return disk.resolve(root, relative); }

        @Override public long modified(String path) throws java.io.IOException { return disk.modified(path); }

        @Override public Path local(String path, Path scratch) throws java.io.IOException {
            if (path.endsWith("poisoned.wav")) throw new NoClassDefFoundError("jdk/incubator/vector/Vector");
            return disk.local(path, scratch);
        }

        @Override public void writeAtomically(String path, byte[] bytes) throws java.io.IOException {
            writes.incrementAndGet();
            disk.writeAtomically(path, bytes);
        }

        @Override public void copyAtomically(Path from, String path) throws java.io.IOException {
            writes.incrementAndGet();
            disk.copyAtomically(from, path);
        }
    }

    @Test
    void anErrorIsItsFilesRowAndARetryKeepsTheModelItsFirstAttemptWrote() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
        double[] x = new double[1500];
        for (int i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0);
        for (String f : new String[] {"poisoned.wav", "tone.wav"}) org.siren4j.audio.WavWriter.write(in.resolve(f), org.siren4j.audio.Clip.mono(8000, x), org.siren4j.audio.WavWriter.Format.PCM16);
        BatchFit.Config config = new BatchFit.Config(org.siren4j.audio.AudioFitter.Settings.quality("draft").withSteps(20).withNet(16, 4000).withSeed(1), 0, 1);
        Flaky store = new Flaky();
        long started = System.currentTimeMillis();
        java.util.List<BatchFit.Outcome> first = BatchFit.runLocal(BatchFit.plan(store, in.toString(), out.toString(), false).todo(), config, 2, store, o -> { });
        assertThat(first).extracting(BatchFit.Outcome::status).containsExactly(BatchFit.Outcome.FAILED, BatchFit.Outcome.FITTED);
        assertThat(first.get(0).error()).isEqualTo("java.lang.NoClassDefFoundError: jdk/incubator/vector/Vector");
        assertThat(store.writes.get()).isEqualTo(1);
        byte[] model = Files.readAllBytes(out.resolve("tone.siren"));

        // the same task again, as a retried Spark task: the model written since the job started is kept, not refitted
        BatchFit.Task tone = BatchFit.plan(store, in.toString(), out.toString(), true).todo().get(1);
        BatchFit.Outcome again = BatchFit.fit(tone, config, store, started);
        assertThat(again.status()).isEqualTo(BatchFit.Outcome.FITTED);
        assertThat(again.snrDb()).isEqualTo(first.get(1).snrDb());
        assertThat(store.writes.get()).isEqualTo(1);
        // a model older than the job (a --force batch) is refitted, to the same bytes
        BatchFit.fit(tone, config, store, System.currentTimeMillis() + 60_000);
        assertThat(store.writes.get()).isEqualTo(2);
        assertThat(Files.readAllBytes(out.resolve("tone.siren"))).isEqualTo(model);
    }
}
