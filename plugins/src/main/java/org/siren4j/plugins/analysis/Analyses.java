package org.siren4j.plugins.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.siren4j.plugins.Analysing;


/**
 * Runs whole-clip analyses and caches their results in a folder (beside the session for the host, under the user's
 * cache for LV2 instances; both sit above this package), keyed by the clip's content
 * hash, the parameters the analysis depends on and the plugin's id and version: a second bounce does not retrain.
 * Offline, {@link #result} waits for the analysis (on a worker thread, with progress); live, it returns the cached
 * result or null at once and finishes in the background, handing the result over when done.
 */
public final class Analyses implements AutoCloseable {
    /** Progress of the analyses: which clip, how far. */
    public interface Listener {
        void progress(String what, double fraction);

        default void cached(String what) {}
    }

    private final Path cacheDir;
    private boolean wait;
    private final Listener listener;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "siren-analysis");
        t.setDaemon(true);
        return t;
    });
    private final List<Future<?>> pending = new ArrayList<>();
    private int computed, reused;

    /** {@code wait}: true for offline bounces (the host waits), false for live play (never waits). */
    public Analyses(Path cacheDir, boolean wait, Listener listener) {
        this.cacheDir = cacheDir;
        this.wait = wait;
        this.listener = listener;
    }

    /** An audio file as a plugin's analysis sees it. */
    public static Analysing.ClipAudio read(Path file) throws IOException {
        org.siren4j.audio.Clip clip = org.siren4j.audio.AudioFiles.read(file);
        float[][] f = new float[clip.channels()][clip.frames()];
        for (int c = 0; c < f.length; c++) for (int i = 0; i < f[c].length; i++) f[c][i] = (float) clip.samples()[c][i];
        return new Analysing.ClipAudio(clip.sampleRate(), f);
    }

    /** The cache folder beside a session file: {@code NAME.siren-cache/}. */
    public static Path besideSession(Path session) {
        String name = session.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return session.toAbsolutePath().resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".siren-cache");
    }

    public int computed() { return computed; }

    public int reused() { return reused; }

    /** The analysis, waiting for it even in live play (what comes after cannot start without it: a new clip). */
    public byte[] resultNow(Analysing plugin, String id, String what, Analysing.ClipAudio clip) throws AnalysisException {
        boolean before = wait;
        wait = true;
        try {
            return result(plugin, id, what, clip, r -> { });
        } finally {
            wait = before;
        }
    }

    /**
     * The analysis of {@code clip} by plugin {@code id}; null while a live analysis runs, and {@code whenDone} gets it
     * then. {@code what} names it in progress and errors (a session's JSON path, an LV2 instance's file).
     */
    public byte[] result(Analysing plugin, String id, String what, Analysing.ClipAudio clip, Consumer<byte[]> whenDone)
            throws AnalysisException {
        Path file = file(plugin, id, clip);
        if (Files.isRegularFile(file)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                reused++;
                listener.cached(what);
                return bytes;
            } catch (IOException e) {
                // an unreadable cache entry is computed again
            }
        }
        boolean waiting = wait;
        Future<byte[]> job = worker.submit(() -> {
            byte[] r = plugin.analyse(clip, (f, step) -> listener.progress(what + " " + step, f));
            store(file, r);
            computed++;
            if (!waiting) whenDone.accept(r);
            return r;
        });
        if (!waiting) {
            pending.add(job);
            return null;
        }
        try {
            return job.get();
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new AnalysisException(what + ": analysis interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AnalysisException(what + ": analysis failed: " + e.getCause());
        }
    }

    /** Puts a result computed elsewhere (carried in a saved LV2 state) into the cache, unless it is there. */
    public void offer(Analysing plugin, String id, Analysing.ClipAudio clip, byte[] result) throws IOException {
        Path file = file(plugin, id, clip);
        if (!Files.isRegularFile(file)) store(file, result);
    }

    /** The cache entry of {@code plugin}'s analysis of {@code clip} (named by the plugin's id in the session). */
    private Path file(Analysing plugin, String id, Analysing.ClipAudio clip) { return cacheDir.resolve(id + "-" + key(plugin, clip) + ".bin"); }

    private void store(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".part-", ".bin");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** SHA-256 over the plugin's id and version, the analysis parameters' values, the rate and the samples. */
    public static String key(Analysing plugin, Analysing.ClipAudio clip) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((plugin.descriptor().id() + "\n" + plugin.descriptor().version() + "\n").getBytes(StandardCharsets.UTF_8));
            for (String id : plugin.analysisParams())
                md.update((id + "=" + Double.doubleToLongBits(plugin.param(plugin.paramIndex(id))) + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * clip.frames());
            b.putDouble(clip.sampleRate());
            md.update(b.array(), 0, 8);
            for (float[] ch : clip.samples()) {
                b.clear();
                for (float v : ch) b.putFloat(v);
                md.update(b.array(), 0, 4 * ch.length);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops analyses still running (live play ending). */
    @Override public void close() {
        for (Future<?> f : pending) f.cancel(true);
        worker.shutdownNow();
    }
}
