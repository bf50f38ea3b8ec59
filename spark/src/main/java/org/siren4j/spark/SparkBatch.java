package org.siren4j.spark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.CollectionAccumulator;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.BatchRunner;
import org.siren4j.audio.batch.FileJob;
import org.siren4j.audio.batch.Store;
import org.siren4j.core.cpu.Workers;
import scala.collection.JavaConverters;

/**
 * A folder job as Spark tasks, one file per task: the same {@link FileJob} the local batch runs (a fit, a
 * restoration), with files read and written through Hadoop paths. Each finished task's outcome reaches the driver through
 * an accumulator, so the progress bar and the index follow the cluster file by file.
 */
public final class SparkBatch implements BatchRunner {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?\\])?");

    static {
        // Spark and Hadoop talk a lot at INFO; siren's own output is the progress bar
        for (String quiet : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop", "org.apache.parquet"})
            System.setProperty("org.slf4j.simpleLogger.log." + quiet, "error");
    }

    @Override public Store store() { return new HadoopStore(); }

    /** Threads per task: the cores shared by the tasks of local[N]; on a cluster, spark.task.cpus. */
    static int threadsPerTask(String master, SparkConf conf) {
        Matcher m = LOCAL.matcher(master);
        int cores = Workers.defaultCount();
        if (m.matches()) {
            int slots = m.group(1) == null ? 1 : m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
            return Math.max(1, cores / Math.max(1, slots));
        }
        return conf.getInt("spark.task.cpus", 1);
    }

    @Override
    public List<BatchFit.Outcome> run(String master, String name, List<BatchFit.Task> tasks, FileJob job, Consumer<BatchFit.Outcome> onDone) {
        if (tasks.isEmpty()) return List.of();
        SparkConf conf = new SparkConf().setAppName(name).setMaster(master);
        boolean local = LOCAL.matcher(master).matches();
        int threads = threadsPerTask(master, conf);
        if (local) conf.set("spark.ui.enabled", "false");
        else executorNeeds(conf, threads);
        Store store = store();
        long started = System.currentTimeMillis(); // a model written since, newer than its file, is a retried task's: kept
        Set<String> heard = new HashSet<>();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            CollectionAccumulator<BatchFit.Outcome> finished = sc.sc().collectionAccumulator("siren outcomes");
            sc.sc().addSparkListener(new SparkListener() {
                @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                    for (AccumulableInfo a : JavaConverters.seqAsJavaList(end.taskInfo().accumulables()))
                        if (a.id() == finished.id() && a.update().isDefined())
                            for (Object o : (java.util.List<?>) a.update().get()) hear((BatchFit.Outcome) o, heard, onDone);
                }
            });
            List<BatchFit.Outcome> out = sc.parallelize(tasks, tasks.size()).map(t -> {
                BatchFit.Outcome o = job.run(t, store, started, threads);
                finished.add(o);
                return o;
            }).collect();
            for (BatchFit.Outcome o : out) hear(o, heard, onDone); // any the listener bus has not delivered yet
            return new ArrayList<>(out);
        }
    }

    private static void hear(BatchFit.Outcome o, Set<String> heard, Consumer<BatchFit.Outcome> onDone) {
        synchronized (heard) {
            if (heard.add(o.file())) onDone.accept(o);
        }
    }

    /**
     * What a cluster's executors, JVMs of their own, need from the job: siren's jars, the JVM flags of
     * {@code executor.properties} (the Vector API module and Spark's {@code --add-opens}, from the pom's
     * {@code spark.jvm}, which the launcher gives the driver) before any the user set, and OpenMP and OpenBLAS told
     * the task's threads and to wait passively, unless the user said otherwise.
     */
    static void executorNeeds(SparkConf conf, int threads) {
        conf.setJars(shippedJars());
        conf.set("spark.executor.extraJavaOptions", (executorJvm() + " " + conf.get("spark.executor.extraJavaOptions", "")).strip());
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads));
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        conf.setIfMissing("spark.executorEnv.OPENBLAS_THREAD_TIMEOUT", "4");
    }

    /** The executors' JVM flags (executor.properties, filled in by the build). */
    static String executorJvm() {
        Properties p = new Properties();
        try (InputStream in = SparkBatch.class.getResourceAsStream("executor.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("siren-spark is built without executor.properties", e);
        }
        return p.getProperty("jvm").strip();
    }

    /**
     * The class path's jars that a cluster's executors lack: all but Spark's own (spark, hadoop, scala). A folder of
     * classes (an IDE's or a test's class path) goes as a jar made of it.
     */
    static String[] shippedJars() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(e).getName();
            if (e.endsWith(".jar") && !name.startsWith("spark-") && !name.startsWith("hadoop-") && !name.startsWith("scala-")) out.add(e);
            else if (new File(e).isDirectory()) out.add(jarOf(Path.of(e)).toString());
        }
        return out.toArray(String[]::new);
    }

    private static Path jarOf(Path folder) {
        try {
            Path jar = Files.createTempFile("siren-classes-", ".jar");
            jar.toFile().deleteOnExit();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(folder)) {
                for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + folder + " for the executors", e);
        }
    }
}
