package org.siren4j.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.siren4j.audio.batch.Store;
import org.siren4j.core.cpu.Workers;
import scala.collection.JavaConverters;

/**
 * A batch's fits as Spark tasks, one file per task: the same {@link BatchFit#fit} the local batch runs, with
 * files read and models written through Hadoop paths. Each finished task's outcome reaches the driver through
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
    public List<BatchFit.Outcome> run(String master, List<BatchFit.Task> tasks, BatchFit.Config config, Consumer<BatchFit.Outcome> onDone) {
        if (tasks.isEmpty()) return List.of();
        SparkConf conf = new SparkConf().setAppName("siren fit").setMaster(master);
        boolean local = LOCAL.matcher(master).matches();
        if (local) conf.set("spark.ui.enabled", "false");
        else conf.setJars(shippedJars()); // the executors need siren and ND4J; Spark and Hadoop they have
        BatchFit.Config c = config.withThreads(threadsPerTask(master, conf));
        Store store = store();
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
                BatchFit.Outcome o = BatchFit.fit(t, c, store);
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

    /** The class path's jars that a cluster's executors lack: all but Spark's own (spark, hadoop, scala). */
    static String[] shippedJars() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(e).getName();
            if (e.endsWith(".jar") && !name.startsWith("spark-") && !name.startsWith("hadoop-") && !name.startsWith("scala-")) out.add(e);
        }
        return out.toArray(String[]::new);
    }
}
