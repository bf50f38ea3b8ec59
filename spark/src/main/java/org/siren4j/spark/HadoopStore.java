package org.siren4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.batch.Store;

/**
 * Paths through Hadoop's file systems (hdfs://, s3a://, anything with a connector on the class path). Plain local
 * paths go to {@link LocalStore}: Hadoop's local file system would leave .crc files beside every model.
 */
public final class HadoopStore implements Store {
    private static final LocalStore LOCAL = new LocalStore();
    private transient Configuration conf;

    private static boolean isLocal(String path) {
        String scheme = URI.create(path.replace(" ", "%20")).getScheme();
        return scheme == null || scheme.equals("file");
    }

    private static String localPath(String path) { return path.startsWith("file:") ? URI.create(path).getPath() : path; }

    private FileSystem fs(Path p) throws IOException {
        if (conf == null) conf = new Configuration();
        return p.getFileSystem(conf);
    }

    @Override public List<Item> list(String root) throws IOException {
        if (isLocal(root)) return LOCAL.list(localPath(root));
        Path r = new Path(root);
        FileSystem fs = fs(r);
        String base = fs.makeQualified(r).toUri().getPath();
        List<Item> out = new ArrayList<>();
        for (RemoteIterator<LocatedFileStatus> it = fs.listFiles(r, true); it.hasNext(); ) {
            LocatedFileStatus s = it.next();
            String p = s.getPath().toUri().getPath();
            out.add(new Item(p.substring(base.length()).replaceFirst("^/", ""), s.getModificationTime()));
        }
        out.sort(java.util.Comparator.comparing(Item::relative));
        return out;
    }

    @Override public String resolve(String root, String relative) {
        return isLocal(root) ? LOCAL.resolve(localPath(root), relative) : new Path(new Path(root), relative).toString();
    }

    @Override public long modified(String path) throws IOException {
        if (isLocal(path)) return LOCAL.modified(localPath(path));
        Path p = new Path(path);
        try {
            return fs(p).getFileStatus(p).getModificationTime();
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    @Override public java.nio.file.Path local(String path, java.nio.file.Path scratch) throws IOException {
        if (isLocal(path)) return LOCAL.local(localPath(path), scratch);
        Path p = new Path(path);
        java.nio.file.Path copy = scratch.resolve(p.getName());
        fs(p).copyToLocalFile(false, p, new Path(copy.toUri()), true);
        return copy;
    }

    /** A temp file beside the target, then a rename (HDFS renames atomically; S3A copies, so a reader may see it late, never half). */
    @Override public void writeAtomically(String path, byte[] bytes) throws IOException {
        if (isLocal(path)) LOCAL.writeAtomically(localPath(path), bytes);
        else replace(path, (fs, tmp) -> {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
        });
    }

    @Override public void copyAtomically(java.nio.file.Path from, String path) throws IOException {
        if (isLocal(path)) LOCAL.copyAtomically(from, localPath(path));
        else replace(path, (fs, tmp) -> fs.copyFromLocalFile(false, true, new Path(from.toUri()), tmp));
    }

    private interface Writer { void write(FileSystem fs, Path tmp) throws IOException; }

    /** {@code path} replaced by what {@code writer} puts in a temp file beside it, renamed over it. */
    private void replace(String path, Writer writer) throws IOException {
        Path p = new Path(path), tmp = new Path(p.getParent(), "." + p.getName() + "." + UUID.randomUUID() + ".tmp");
        FileSystem fs = fs(p);
        fs.mkdirs(p.getParent());
        try {
            writer.write(fs, tmp);
        } catch (IOException | RuntimeException e) { // nothing half-written is left behind
            fs.delete(tmp, false);
            throw e;
        }
        if (fs.exists(p)) fs.delete(p, false);
        if (!fs.rename(tmp, p)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename " + tmp + " to " + p);
        }
    }
}
