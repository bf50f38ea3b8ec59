package org.siren4j.audio.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a batch reads its sound files and writes its models, by path strings: local folders ({@link LocalStore}),
 * or any Hadoop file system (hdfs://, s3a://) in the Spark module. Serializable: a Spark task carries it.
 */
public interface Store extends Serializable {
    /** A file under a root: its path relative to the root ('/' separated) and when it last changed. */
    record Item(String relative, long modifiedMillis) implements Serializable {}

    /** Every regular file under {@code root}, sorted by relative path. */
    List<Item> list(String root) throws IOException;

    /** {@code relative} under {@code root}. */
    String resolve(String root, String relative);

    /** When {@code path} last changed (milliseconds), or -1 when it does not exist. */
    long modified(String path) throws IOException;

    /** A local file holding {@code path}'s bytes: the file itself when it is local, else a copy in {@code scratch}. */
    Path local(String path, Path scratch) throws IOException;

    /** Writes {@code bytes} to {@code path} so that a reader sees the whole file or none (a temp file, then a rename). */
    void writeAtomically(String path, byte[] bytes) throws IOException;

    /** Copies the local file {@code from} to {@code path}, whole or not at all (a restored WAV can be larger than an array). */
    void copyAtomically(Path from, String path) throws IOException;
}
