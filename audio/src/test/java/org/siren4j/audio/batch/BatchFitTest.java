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
}
