package org.siren4j.audio.batch;

import java.io.Serializable;

/**
 * What a folder job does to one file ({@code siren fit DIR} fits a model, {@code siren restore DIR} repairs the file):
 * run by {@link BatchFit#runLocal} on this machine or by a {@link BatchRunner} as an engine's task, hence serializable.
 * It never throws: a file that cannot be done is a failed {@link BatchFit.Outcome}, so one file does not take the
 * other files' tasks down.
 */
@FunctionalInterface
public interface FileJob extends Serializable {
    /**
     * Does {@code task}, reading and writing through {@code store} with {@code threads} threads; an output written at
     * or after {@code keepSince} (milliseconds) and newer than the file is an earlier attempt's of this job, which a
     * job may keep instead of redoing ({@link Long#MAX_VALUE}: none can be).
     */
    BatchFit.Outcome run(BatchFit.Task task, Store store, long keepSince, int threads);
}
