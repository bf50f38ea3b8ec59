package org.siren4j.audio.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;

/**
 * Fits a folder of sound files, one audio model per file, in a mirrored folder of {@code .siren} files. The
 * plan skips files whose model is newer than the file (a killed batch resumes where it stopped); {@link #fit}
 * fits one file and never throws (a bad file becomes a failed outcome); {@link #runLocal} runs the plan on this
 * machine's cores, a Spark {@link BatchRunner} on a cluster: both call the same {@link #fit}.
 *
 * <p>Determinism: each file's seed comes from the batch seed and the file's content (SHA-256), each segment net
 * trains on one thread, and the model holds no timing, so with a step budget (not a time budget) a file gives
 * the same model bytes whatever runs it and however many jobs or threads there are.
 */
public final class BatchFit {
    /** The extensions read as sound files (what javax.sound and our readers take). */
    public static final Set<String> AUDIO = Set.of("wav", "wave", "aif", "aiff", "aifc", "au", "snd");

    /** One file to fit: its path relative to the input folder, the input's path and the model's path. */
    public record Task(String relative, String input, String model) implements Serializable {}

    /**
     * How each file is fitted: the fitter's settings (their seed is the batch seed), a training budget per clip in
     * seconds (0: the settings' step counts), and the threads a task uses.
     */
    public record Config(AudioFitter.Settings settings, double secondsPerClip, int threadsPerTask) implements Serializable {
        public Config withThreads(int t) { return new Config(settings, secondsPerClip, t); }
    }

    /** What became of a file: status fitted, up-to-date (skipped) or failed, with the error's one line. */
    public record Outcome(String file, String model, double snrDb, double seconds, String status, String error, String summary) implements Serializable {
        public static final String FITTED = "fitted", UP_TO_DATE = "up-to-date", FAILED = "failed";

        /** {@code task}'s outcome when it failed with {@code e} after starting at {@code t0} (nanoseconds): the error in one line. */
        public static Outcome failed(Task task, long t0, Throwable e) {
            String why = e instanceof Exception && e.getMessage() != null ? e.getMessage() : e.toString(); // an Error's class says what broke
            for (String prefix : new String[] {task.input() + ": ", task.relative() + ": "}) // the index names the file already
                if (why.startsWith(prefix)) why = why.substring(prefix.length());
            return new Outcome(task.relative(), task.model(), Double.NaN, (System.nanoTime() - t0) * 1e-9, FAILED, why.replace('\n', ' '), null);
        }
    }

    /** The files to fit and those whose model is already newer than the file. */
    public record Plan(List<Task> todo, List<Task> upToDate) {}

    private BatchFit() {}

    /** The model's path for a file: the same relative path, the extension replaced by {@code .siren}. */
    public static String modelName(String relative) { return withExtension(relative, ".siren"); }

    /** The relative path with its file's extension replaced by {@code extension} (added when it has none). */
    public static String withExtension(String relative, String extension) {
        int dot = relative.lastIndexOf('.'), slash = relative.lastIndexOf('/');
        return (dot > slash ? relative.substring(0, dot) : relative) + extension;
    }

    public static boolean isAudio(String relative) {
        int dot = relative.lastIndexOf('.');
        return dot >= 0 && AUDIO.contains(relative.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The sound files under {@code inRoot} and their models under {@code outRoot}; {@code force} refits every file. */
    public static Plan plan(Store store, String inRoot, String outRoot, boolean force) throws IOException {
        return plan(store, inRoot, outRoot, force, BatchFit::modelName);
    }

    /**
     * The sound files under {@code inRoot} and what each becomes under {@code outRoot} ({@code output} of its relative
     * path; a task's {@code model}): a file whose output is newer than it is up to date unless {@code force}. Other
     * folder jobs ({@code siren restore DIR}) walk folders the same way.
     */
    public static Plan plan(Store store, String inRoot, String outRoot, boolean force, java.util.function.UnaryOperator<String> output) throws IOException {
        List<Task> todo = new ArrayList<>(), done = new ArrayList<>();
        for (Store.Item item : store.list(inRoot)) {
            if (!isAudio(item.relative())) continue;
            Task t = new Task(item.relative(), store.resolve(inRoot, item.relative()), store.resolve(outRoot, output.apply(item.relative())));
            if (!force && store.modified(t.model()) > item.modifiedMillis()) done.add(t);
            else todo.add(t);
        }
        return new Plan(todo, done);
    }

    /** A file's seed: the batch seed mixed with the SHA-256 of its bytes (the same file gets the same seed anywhere). */
    public static long seedFor(long seed, byte[] content) {
        try {
            long h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(content)).getLong();
            long z = h ^ (seed + 0x9E3779B97F4A7C15L); // splitmix64's finaliser spreads the batch seed over every bit
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return (z ^ (z >>> 31)) & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fits one file and writes its model; a file that cannot be read or fitted gives a failed outcome, not an exception. */
    public static Outcome fit(Task task, Config config, Store store) {
        return fit(task, config, store, Long.MAX_VALUE);
    }

    /**
     * {@link #fit}, except that a model written at or after {@code keepSince} (milliseconds) and newer than the file is
     * kept and scored, not refitted: a retried task (a lost executor, a task killed after writing) finds the model an
     * earlier attempt of this job wrote. Any failure, an {@link Error} included, is the file's outcome: one file does not
     * take the other files' tasks down.
     */
    public static Outcome fit(Task task, Config config, Store store, long keepSince) {
        long t0 = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("siren-batch-");
            Path local = store.local(task.input(), scratch);
            byte[] content = Files.readAllBytes(local);
            Clip clip = AudioFiles.read(local);
            if (clip.frames() < 16) throw new IOException(task.relative() + ": too short to fit (" + clip.frames() + " frames, need 16)");
            AudioModel model;
            if (keptFromEarlierAttempt(task, store, keepSince)) {
                model = AudioModel.load(store.local(task.model(), scratch));
            } else {
                AudioFitter.Settings s = config.settings().withSeed(seedFor(config.settings().seed(), content)).withThreads(config.threadsPerTask());
                if (config.secondsPerClip() > 0) s = s.withSecondsPerSegment(config.secondsPerClip() * s.cores() / new AudioFitter(s).nets(clip));
                AudioFitter fitter = new AudioFitter(s);
                model = fitter.fit(clip, fitter.layout(clip), null, Double.POSITIVE_INFINITY, p -> { });
                model.metadata().remove("train_seconds"); // timing differs run to run: it goes to the index, not the model
                model.metadata().put("source", Path.of(task.relative()).getFileName().toString());
                model.metadata().put("seed", Long.toString(s.seed()));
                store.writeAtomically(task.model(), model.toBytes());
            }
            double snr;
            try (SirenEngine engine = Engines.cpu(1)) {
                snr = model.fidelity(engine, clip).snrDb();
            }
            return new Outcome(task.relative(), task.model(), snr, (System.nanoTime() - t0) * 1e-9, Outcome.FITTED, null, null);
        } catch (Throwable e) {
            return Outcome.failed(task, t0, e);
        } finally {
            if (scratch != null) deleteTree(scratch);
        }
    }

    /** The fit of {@link #fit} as a folder job: {@code config} with the runner's threads per task. */
    public static FileJob job(Config config) {
        return (task, store, keepSince, threads) -> fit(task, config.withThreads(threads), store, keepSince);
    }

    /** Whether the task's model was written at or after {@code keepSince} and after its file (no look at the store when none can be). */
    private static boolean keptFromEarlierAttempt(Task task, Store store, long keepSince) throws IOException {
        if (keepSince == Long.MAX_VALUE) return false;
        long written = store.modified(task.model());
        return written >= keepSince && written > store.modified(task.input());
    }

    /**
     * Runs the tasks on this machine, {@code jobs} files at a time; each fit gets {@code config.threadsPerTask()}
     * threads (choose jobs x threads <= cores). Outcomes come back in the tasks' order.
     */
    public static List<Outcome> runLocal(List<Task> tasks, Config config, int jobs, Store store, Consumer<Outcome> onDone) throws InterruptedException {
        return runLocal(tasks, job(config), jobs, config.threadsPerTask(), store, onDone);
    }

    /** Runs {@code job} over the tasks on this machine, {@code jobs} files at a time with {@code threads} threads each. */
    public static List<Outcome> runLocal(List<Task> tasks, FileJob job, int jobs, int threads, Store store, Consumer<Outcome> onDone) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "siren-batch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Task t : tasks)
                futures.add(pool.submit(() -> {
                    Outcome o = job.run(t, store, Long.MAX_VALUE, threads);
                    synchronized (onDone) {
                        onDone.accept(o);
                    }
                    return o;
                }));
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Deletes a scratch folder and what is in it. */
    public static void deleteTree(Path p) {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        } catch (IOException e) {
            // a scratch folder left in the temp dir is harmless
        }
    }
}
