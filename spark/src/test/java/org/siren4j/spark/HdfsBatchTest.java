package org.siren4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.restore.RestoreJob;

/**
 * hdfs:// paths for real: Hadoop's mini cluster (a name node and a data node in this process) holds the folder;
 * the batch on Spark local[2] reads it and writes the models there, the same bytes as the local batch's.
 */
class HdfsBatchTest {
    @TempDir Path dir;

    @Test
    void theBatchReadsAndWritesHdfs() throws Exception {
        Path in = SparkBatchTest.folder(dir.resolve("in"), 3, 0);
        BatchFit.Config config = new BatchFit.Config(AudioFitter.Settings.quality("draft").withSteps(30).withNet(16, 6000).withSeed(5), 0, 1);
        Path local = dir.resolve("local");
        BatchFit.runLocal(BatchFit.plan(new LocalStore(), in.toString(), local.toString(), false).todo(), config, 2, new LocalStore(), o -> { });

        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            hdfs.waitActive();
            FileSystem fs = hdfs.getFileSystem();
            String root = fs.getUri().toString();
            try (var files = Files.list(in)) {
                for (Path f : files.filter(Files::isRegularFile).toList())
                    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root + "/music/in/" + f.getFileName()))) {
                        Files.copy(f, out);
                    }
            }
            SparkBatch runner = new SparkBatch();
            BatchFit.Plan plan = BatchFit.plan(runner.store(), root + "/music/in", root + "/music/models", false);
            assertThat(plan.todo()).hasSize(4);
            List<BatchFit.Outcome> outcomes = runner.run("local[2]", plan.todo(), config, o -> { });
            assertThat(outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FAILED)).map(BatchFit.Outcome::file).toList()).containsExactly("broken.wav");
            for (int k = 0; k < 3; k++) {
                org.apache.hadoop.fs.Path model = new org.apache.hadoop.fs.Path(root + "/music/models/clip" + k + ".siren");
                byte[] bytes;
                try (var read = fs.open(model)) {
                    bytes = read.readAllBytes();
                }
                assertThat(bytes).as(model.toString()).isEqualTo(Files.readAllBytes(local.resolve("clip" + k + ".siren")));
            }
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/music/models"))).hasSize(3); // no temp files left
            // a second plan finds the models newer than their files: nothing left to do but the broken file
            assertThat(BatchFit.plan(runner.store(), root + "/music/in", root + "/music/models", false).todo()).extracting(BatchFit.Task::relative).containsExactly("broken.wav");
            // siren restore DIR on HDFS: each task copies its restored WAV up whole, its report beside it
            Path damaged = dir.resolve("damaged"), restoredHere = dir.resolve("restored");
            SparkRestoreTest.damagedFolder(damaged);
            RestoreJob job = new RestoreJob(java.util.Set.of(), 5, "siren", 0, org.siren4j.audio.WavWriter.Format.PCM16);
            BatchFit.runLocal(BatchFit.plan(new LocalStore(), damaged.toString(), restoredHere.toString(), false, rel -> rel).todo(), job, 1, 0, new LocalStore(), o -> { });
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(damaged.toUri()), new org.apache.hadoop.fs.Path(root + "/tapes"));
            List<BatchFit.Outcome> restored = runner.run("local[2]", "siren restore",
                    BatchFit.plan(runner.store(), root + "/tapes", root + "/restored", false, rel -> rel).todo(), job, o -> { });
            assertThat(restored.stream().filter(o -> o.status().equals(RestoreJob.RESTORED)).count()).as(restored.toString()).isEqualTo(4);
            for (int k = 0; k < 4; k++) {
                String name = SparkRestoreTest.name(k);
                try (var read = fs.open(new org.apache.hadoop.fs.Path(root + "/restored/" + name))) {
                    assertThat(read.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(restoredHere.resolve(name)));
                }
                assertThat(fs.exists(new org.apache.hadoop.fs.Path(root + "/restored/" + name + ".json"))).as(name + ".json").isTrue();
            }
            assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(root + "/restored"))).as("3 WAVs, their reports, sub/; no temp files").hasSize(7);
            System.out.printf(Locale.ROOT, "HDFS (MiniDFSCluster at %s): 3 models written and read back byte-identical to the local batch; 4 restored WAVs too%n", root);
        } finally {
            hdfs.shutdown();
        }
    }
}
