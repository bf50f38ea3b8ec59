package org.siren4j.cli.audio;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.siren4j.audio.AudioFitter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.BatchRunner;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.batch.Store;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.cpu.Workers;

/**
 * {@code siren fit DIR -o OUTDIR}: one model per sound file, on this machine's cores ({@code --jobs}) or on Spark
 * ({@code --master}), with a progress bar over files and {@code OUTDIR/index.json} rewritten after each file.
 */
final class FitBatch {
    private FitBatch() {}

    /** Where the batch goes and how: the command's options. */
    record Request(String in, String out, FitOptions fit, Integer jobs, boolean force, Double secondsPerClip, String master) {}

    static int run(Request r) throws Exception {
        BatchRunner runner = runner(r.master(), r.in(), r.out(), "models");
        if (r.fit().seconds != null) throw new SirenCli.UserError("--seconds is a whole clip's budget: a folder takes --seconds-per-clip");
        if (r.fit().resume) throw new SirenCli.UserError("--resume is for one file: a folder resumes by itself (finished models are skipped)");
        if (r.secondsPerClip() != null && !(r.secondsPerClip() > 0 && r.secondsPerClip() <= 1e6))
            throw new SirenCli.UserError("--seconds-per-clip must lie in (0, 1e6], got " + r.secondsPerClip());
        int cores = Workers.defaultCount();
        if (r.jobs() != null && (r.jobs() < 1 || r.jobs() > 1024)) throw new SirenCli.UserError("--jobs must lie in [1, 1024], got " + r.jobs());
        int jobs = r.jobs() != null ? r.jobs() : cores;
        AudioFitter.Settings s = r.fit().settings(null); // counts: the same folder gives the same bytes for any --jobs
        BatchFit.Config config = new BatchFit.Config(s, r.secondsPerClip() != null ? r.secondsPerClip() : 0, Math.max(1, cores / jobs));

        Store store = runner != null ? runner.store() : new LocalStore();
        BatchFit.Plan plan;
        try {
            plan = BatchFit.plan(store, r.in(), r.out(), r.force());
        } catch (IOException e) {
            throw new SirenCli.UserError(r.in() + ": cannot list the folder: " + e.getMessage());
        }
        if (plan.todo().isEmpty() && plan.upToDate().isEmpty()) throw new SirenCli.UserError(r.in() + ": no sound files (" + String.join(", ", new java.util.TreeSet<>(BatchFit.AUDIO)) + ")");
        Index index = new Index(r.out(), store, runner == null);
        for (BatchFit.Task t : plan.upToDate()) index.upToDate(t);
        System.err.printf("siren: %d sound files: %d to fit, %d up to date; %s%n", plan.todo().size() + plan.upToDate().size(), plan.todo().size(),
                plan.upToDate().size(), runner != null ? "Spark " + r.master() : jobs + " jobs x " + config.threadsPerTask() + " threads");
        long t0 = System.nanoTime();
        int[] done = {0}, failed = {0};
        List<BatchFit.Outcome> outcomes;
        try (Progress bar = Progress.units("fit", plan.todo().size(), r.fit().quiet)) {
            java.util.function.Consumer<BatchFit.Outcome> onDone = o -> {
                done[0]++;
                if (BatchFit.Outcome.FAILED.equals(o.status())) {
                    failed[0]++;
                    bar.onNotice(o.file() + ": " + o.error());
                }
                index.put(o);
                double elapsed = (System.nanoTime() - t0) * 1e-9;
                bar.update(done[0], String.format("files (%d failed)", failed[0]), elapsed / done[0] * (plan.todo().size() - done[0]));
            };
            outcomes = runner != null ? runner.run(r.master(), plan.todo(), config, onDone) : BatchFit.runLocal(plan.todo(), config, jobs, store, onDone);
        }
        index.write();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        long fitted = outcomes.stream().filter(o -> BatchFit.Outcome.FITTED.equals(o.status())).count();
        System.out.printf("fitted %d, up to date %d, failed %d in %.1f s (%.1f clips per minute); index %s%n", fitted, plan.upToDate().size(), failed[0],
                seconds, fitted / Math.max(seconds, 1e-9) * 60, store.resolve(r.out(), "index.json"));
        return failed[0] > 0 ? 1 : 0;
    }

    /**
     * The engine that runs a folder job on {@code master} (null: this machine, whose folders are checked here; an
     * engine's paths are checked by its store when the job is planned); {@code what}: what the job writes, for errors.
     */
    static BatchRunner runner(String master, String in, String out, String what) throws java.io.IOException {
        if (master != null) {
            // Spark would otherwise look for a resource manager at 0.0.0.0:8032 and retry for minutes (spark-submit refuses the same way)
            if (master.startsWith("yarn") && System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null)
                throw new SirenCli.UserError("--master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR: the folder of the cluster's Hadoop configuration");
            return ServiceLoader.load(BatchRunner.class).findFirst().orElseThrow(() -> new SirenCli.UserError(
                    "--master needs the Spark module on the class path (./siren builds it and puts it there when --master is given)"));
        }
        if (!Files.isDirectory(Path.of(in))) throw new SirenCli.UserError(in + ": no such folder");
        if (Files.exists(Path.of(out)) && !Files.isDirectory(Path.of(out))) throw new SirenCli.UserError(out + " exists and is not a folder");
        if (Outputs.sameFile(Path.of(in), Path.of(out)))
            throw new SirenCli.UserError("-o " + out + ": the " + what + " would go among the input files; give another folder");
        return null;
    }

    /** OUTDIR/index.json: a line per file (file, model, snr_db, seconds, status, error); an up-to-date file keeps its last figures. */
    static final class Index {
        private final String out;
        private final Store store;
        private final Map<String, Map<String, Object>> rows = new TreeMap<>();
        private final Map<String, JsonNode> previous = new HashMap<>();

        Index(String out, Store store, boolean local) throws IOException {
            this.out = out;
            this.store = store;
            Path old = local ? Path.of(out, "index.json") : null;
            if (old != null && Files.isRegularFile(old))
                try {
                    for (JsonNode n : Reports.JSON.readTree(old.toFile()).path("files")) previous.put(n.path("file").asText(), n);
                } catch (IOException e) {
                    // an unreadable old index only loses the figures of files that are not refitted
                }
        }

        void upToDate(BatchFit.Task t) {
            JsonNode p = previous.get(t.relative());
            double snr = p != null && p.path("snr_db").isNumber() ? p.path("snr_db").asDouble() : Double.NaN;
            double sec = p != null && p.path("seconds").isNumber() ? p.path("seconds").asDouble() : Double.NaN;
            rows.put(t.relative(), row(t.relative(), snr, sec, BatchFit.Outcome.UP_TO_DATE, null));
        }

        synchronized void put(BatchFit.Outcome o) {
            rows.put(o.file(), row(o.file(), o.snrDb(), o.seconds(), o.status(), o.error()));
            try {
                write();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static Map<String, Object> row(String file, double snr, double seconds, String status, String error) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("model", BatchFit.modelName(file));
            m.put("snr_db", Double.isNaN(snr) ? null : Outputs.round(snr));
            m.put("seconds", Double.isNaN(seconds) ? null : Outputs.round(seconds));
            m.put("status", status);
            m.put("error", error);
            return m;
        }

        synchronized void write() throws IOException {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "fit");
            List<Map<String, Object>> files = new ArrayList<>(rows.values());
            doc.put("fitted", files.stream().filter(m -> BatchFit.Outcome.FITTED.equals(m.get("status"))).count());
            doc.put("up_to_date", files.stream().filter(m -> BatchFit.Outcome.UP_TO_DATE.equals(m.get("status"))).count());
            doc.put("failed", files.stream().filter(m -> BatchFit.Outcome.FAILED.equals(m.get("status"))).count());
            doc.put("files", files);
            byte[] bytes = Reports.JSON.writeValueAsBytes(doc);
            store.writeAtomically(store.resolve(out, "index.json"), bytes);
        }
    }
}
