package org.siren4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.restore.RestoreJob;

/**
 * The batch on a real Spark standalone cluster: a master and a worker started as processes of their own on loopback
 * ports, from a SPARK_HOME whose jars/ holds this module's class path (Spark and its dependencies; siren's own jars are
 * left out, so they reach the executors the way a user's job sends them). The executors are JVMs the worker starts,
 * with none of this JVM's flags: what they need comes from the job. Their models must be the local batch's bytes.
 */
class StandaloneClusterTest {
    @TempDir Path dir;

    @Test
    void aStandaloneMasterAndWorkerFitTheFolderToTheLocalBatchsBytes() throws Exception {
        Path in = SparkBatchTest.folder(dir.resolve("in"), 6, 3);
        AudioFitter.Settings s = AudioFitter.Settings.quality("draft").withSteps(30).withNet(16, 6000).withSeed(11);
        BatchFit.Config config = new BatchFit.Config(s, 0, 1);
        Path local = dir.resolve("local"), cluster = dir.resolve("cluster");
        BatchFit.runLocal(BatchFit.plan(new LocalStore(), in.toString(), local.toString(), false).todo(), config, 2, new LocalStore(), o -> { });

        Path home = sparkHome();
        int port = freePort();
        List<Process> started = new ArrayList<>();
        String driverHost = System.getProperty("spark.driver.host");
        try {
            Process master = start(started, home, "master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            awaitLog(master, dir.resolve("master.log"), "I have been elected leader");
            Process worker = start(started, home, "worker", "org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port,
                    "--host", "127.0.0.1", "--cores", "2", "--memory", "4g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", dir.resolve("work").toString());
            awaitLog(worker, dir.resolve("worker.log"), "Successfully registered with master");

            System.setProperty("spark.driver.host", "127.0.0.1");
            SparkBatch runner = new SparkBatch();
            BatchFit.Plan plan = BatchFit.plan(runner.store(), in.toUri().toString(), cluster.toUri().toString(), false);
            List<BatchFit.Outcome> heard = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            List<BatchFit.Outcome> outcomes = runner.run("spark://127.0.0.1:" + port, plan.todo(), config, heard::add);
            double seconds = (System.nanoTime() - t0) * 1e-9;

            assertThat(heard).hasSize(7);
            assertThat(outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FITTED)).count()).as(outcomes.toString()).isEqualTo(6);
            List<BatchFit.Outcome> failed = outcomes.stream().filter(o -> o.status().equals(BatchFit.Outcome.FAILED)).toList();
            assertThat(failed).extracting(BatchFit.Outcome::file).containsExactly("broken.wav");
            try (var walk = Files.walk(local)) {
                List<Path> models = walk.filter(p -> p.toString().endsWith(".siren")).toList();
                assertThat(models).hasSize(6);
                for (Path m : models) assertThat(Files.readAllBytes(cluster.resolve(local.relativize(m)))).as(m.toString()).isEqualTo(Files.readAllBytes(m));
            }
            try (var logs = Files.walk(dir.resolve("work"))) {
                List<Path> executors = logs.filter(p -> p.getFileName().toString().equals("stderr")).toList();
                assertThat(executors).as("executors the worker started").isNotEmpty();
                for (Path log : executors) assertThat(Files.readString(log)).as("the executors run the vector kernels").doesNotContain("siren4j: warning");
            }
            // siren restore DIR on the same cluster: the executors' outputs are the local job's bytes (BLAS's thread count
            // is the executors' own there: the repair holds it to one)
            Path damaged = dir.resolve("damaged"), restoredHere = dir.resolve("restored-here"), restoredThere = dir.resolve("restored-there");
            SparkRestoreTest.damagedFolder(damaged);
            RestoreJob job = new RestoreJob(java.util.Set.of(), 5, "siren", 0, org.siren4j.audio.WavWriter.Format.FLOAT32);
            BatchFit.runLocal(BatchFit.plan(new LocalStore(), damaged.toString(), restoredHere.toString(), false, rel -> rel).todo(), job, 1, 0, new LocalStore(), o -> { });
            List<BatchFit.Outcome> restored = runner.run("spark://127.0.0.1:" + port, "siren restore",
                    BatchFit.plan(runner.store(), damaged.toUri().toString(), restoredThere.toUri().toString(), false, rel -> rel).todo(), job, o -> { });
            assertThat(restored.stream().filter(o -> o.status().equals(RestoreJob.RESTORED)).count()).as(restored.toString()).isEqualTo(4);
            SparkRestoreTest.sameOutputs(restoredHere, restoredThere);
            System.out.printf(Locale.ROOT, "standalone master + worker (2 cores): 6 clips + a broken file in %.1f s with the executors' start; models byte-identical to the local batch; broken.wav: %s%n",
                    seconds, failed.get(0).error());
        } finally {
            if (driverHost == null) System.clearProperty("spark.driver.host");
            else System.setProperty("spark.driver.host", driverHost);
            for (Process p : started) { // the worker's executors first, then the worker and the master
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** A SPARK_HOME as the worker needs it to build executor command lines: jars/, a RELEASE file. */
    private Path sparkHome() throws IOException {
        Path home = dir.resolve("spark-home"), jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark for siren4j's cluster test\n");
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("siren4j-") && !Files.exists(jars.resolve(name))) Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
        }
        return home;
    }

    private Process start(List<Process> started, Path home, String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(SparkBatch.executorJvm().split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().putAll(Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.12", "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home")));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void awaitLog(Process p, Path log, String line) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            if (!p.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + line + "' within 120 s:\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
