package org.siren4j.audio.batch;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a folder job on a distributed engine (the Spark module provides one, found by {@link java.util.ServiceLoader}
 * when its jars are on the class path): the same {@link FileJob} per file as on this machine, as the engine's tasks.
 */
public interface BatchRunner {
    /** The store for the engine's paths (hdfs://, s3a://, local), used by the driver to plan and by the tasks. */
    Store store();

    /**
     * Runs {@code job} on every task on {@code master} (an application called {@code name}); {@code onDone} hears each
     * file as it finishes (on the driver).
     */
    List<BatchFit.Outcome> run(String master, String name, List<BatchFit.Task> tasks, FileJob job, Consumer<BatchFit.Outcome> onDone) throws Exception;

    /** Fits every task on {@code master}. */
    default List<BatchFit.Outcome> run(String master, List<BatchFit.Task> tasks, BatchFit.Config config, Consumer<BatchFit.Outcome> onDone) throws Exception {
        return run(master, "siren fit", tasks, BatchFit.job(config), onDone);
    }
}
