package org.siren4j.audio.batch;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a batch's fits on a distributed engine (the Spark module provides one, found by {@link java.util.ServiceLoader}
 * when its jars are on the class path): the same {@link BatchFit#fit} per file, as the engine's tasks.
 */
public interface BatchRunner {
    /** The store for the engine's paths (hdfs://, s3a://, local), used by the driver to plan and by the tasks. */
    Store store();

    /** Fits every task on {@code master}; {@code onDone} hears each file as it finishes (on the driver). */
    List<BatchFit.Outcome> run(String master, List<BatchFit.Task> tasks, BatchFit.Config config, Consumer<BatchFit.Outcome> onDone) throws Exception;
}
