package org.siren4j.cli.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.BatchRunner;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.batch.Store;
import org.siren4j.audio.restore.Damage;
import org.siren4j.audio.restore.RestoreJob;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Progress;
import org.siren4j.cli.Reports;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.WavOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren restore}: clicks, clipping and dropouts found and repaired; only damaged samples change. */
@Command(name = "restore", mixinStandardHelpOptions = true, header = "Repair clicks, clipping and dropouts: a SIREN fitted across each damaged stretch fills it in.",
        description = {"Finds the damage itself (no positions needed): clicks are samples that a local autoregressive model predicts",
                "from neither side, clipping is the peak value held for two samples or more, dropouts are runs of one repeated",
                "value with sound on both sides. Each damaged stretch is refilled from the good samples around it: by default",
                "a small SIREN fitted to them (damaged samples carry no weight, clipped ones must lie beyond the clip level, a",
                "band-limit penalty holds the function between samples); --repair ar and linear are the ablations. Every",
                "undamaged sample is written as it was (PCM16 output is not dithered). Writes OUT.wav and a report, OUT.wav.json:",
                "what was found, where, and how it was repaired; with --clean, the SNR of every repair against the clean file.",
                "IN may be a folder: every sound file under it is restored into the same place under the -o folder, with",
                "OUTDIR/index.json; files whose output is newer are skipped (--force redoes them), a bad file is reported and",
                "skipped, and the exit code is 1 when any failed. With --master the files are Spark tasks (as siren fit DIR's),",
                "each writing its output and report itself; the same bytes as on this machine."})
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "the damaged sound file, or a folder of them (then -o is a folder)")
    Path in;

    @Option(names = "--clicks", description = "look for clicks (with none of --clicks, --clipping, --dropouts: all three)")
    boolean clicks;

    @Option(names = "--clipping", description = "look for clipping")
    boolean clipping;

    @Option(names = "--dropouts", description = "look for dropouts")
    boolean dropouts;

    @Option(names = "--repair", paramLabel = "siren|ar|linear", defaultValue = "siren",
            description = "how damaged samples are refilled: siren, or the ablations ar (least-squares autoregressive) and linear (default: ${DEFAULT-VALUE})")
    String repair;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "5",
            description = "a click is a prediction error beyond X robust standard deviations on both sides; lower finds more (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--clean", paramLabel = "REF.wav", description = "the undamaged signal, if known: the report gives the SNR of the input and of every repair")
    Path clean;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the SIREN weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    @Mixin
    WavOutput output;

    @Option(names = "--force", description = "a folder: restore every file again, also those whose output is newer than they are")
    boolean force;

    @Option(names = "--master", paramLabel = "URL", description = "a folder: restore its files as Spark tasks (local[N], spark://HOST:PORT, yarn); paths may be hdfs:// or s3a://")
    String master;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        RestoreJob job;
        try {
            job = new RestoreJob(kinds(), threshold, repair, seed, output.format());
        } catch (IllegalArgumentException e) {
            throw new SirenCli.UserError(e.getMessage());
        }
        if (master != null || Files.isDirectory(in)) return folder(out.toString(), job);
        if (force) throw new SirenCli.UserError("--force is for a folder; " + in + " is a file");
        Path rep = output.report(".json");
        if (clean != null && (Outputs.sameFile(clean, out) || Outputs.sameFile(clean, rep)))
            throw new SirenCli.UserError(out + ": the output would overwrite " + clean);
        Clip x = Outputs.readInput(in, out, rep);
        Clip ref = clean == null ? null : AudioFiles.read(clean);
        if (ref != null && (ref.channels() != x.channels() || ref.sampleRate() != x.sampleRate() || ref.frames() != x.frames()))
            throw new SirenCli.UserError(clean + ": channels, rate or length differ from the input's");
        RestoreJob.Result r;
        try (Progress bar = Progress.units("restore", 1000, quiet)) { // windows filled, as thousandths of the repair
            long t0 = System.nanoTime();
            r = job.restore(x, ref, in.toString(), out.toString(), 0, (fraction, where) -> {
                synchronized (bar) {
                    double elapsed = (System.nanoTime() - t0) * 1e-9;
                    bar.update(Math.round(1000 * fraction), where, fraction > 0 ? elapsed * (1 - fraction) / fraction : Double.NaN);
                }
            });
        }
        WavWriter.writeUndithered(out, r.restored(), job.format());
        Reports.write(rep, r.report());
        Map<String, Object> report = r.report();
        System.out.printf("restored %s: %s, %s in %.1f s%s; wrote %s%n", in.getFileName(), r.found(), "repair: " + job.repair(),
                (double) report.get("detect_seconds") + (double) report.get("repair_seconds"),
                report.get("snr_db") instanceof Map<?, ?> m ? String.format(": SNR %.2f -> %.2f dB", (double) m.get("input"), (double) m.get(job.repair())) : "", out);
        return 0;
    }

    private Set<Damage.Kind> kinds() {
        Set<Damage.Kind> kinds = EnumSet.noneOf(Damage.Kind.class);
        if (clicks) kinds.add(Damage.Kind.CLICK);
        if (clipping) kinds.add(Damage.Kind.CLIPPING);
        if (dropouts) kinds.add(Damage.Kind.DROPOUT);
        return kinds;
    }

    /**
     * {@code siren restore DIR -o OUTDIR}: every sound file under DIR restored into the same place under OUTDIR (as WAV,
     * with its report), on this machine one file at a time on every core, or as Spark tasks with --master;
     * {@code OUTDIR/index.json} rewritten after each file; a file whose output is newer is skipped, a bad file is
     * reported and the others go on (exit code 1 when any failed).
     */
    private int folder(String outDir, RestoreJob job) throws Exception {
        if (clean != null) throw new SirenCli.UserError("--clean is for one file");
        if (output.report != null) throw new SirenCli.UserError("--report is for one file: a folder writes OUTDIR/index.json and a report beside each output");
        BatchRunner runner = FitBatch.runner(master, in.toString(), outDir, "outputs");
        Store store = runner != null ? runner.store() : new LocalStore();
        BatchFit.Plan plan;
        try {
            plan = BatchFit.plan(store, in.toString(), outDir, force, rel -> BatchFit.withExtension(rel, ".wav"));
        } catch (java.io.IOException e) {
            throw new SirenCli.UserError(in + ": cannot list the folder: " + e.getMessage());
        }
        if (plan.todo().isEmpty() && plan.upToDate().isEmpty()) throw new SirenCli.UserError(in + ": no sound files");
        Map<String, Map<String, Object>> rows = new java.util.TreeMap<>();
        for (BatchFit.Task t : plan.upToDate()) rows.put(t.relative(), row(t.relative(), t.model(), BatchFit.Outcome.UP_TO_DATE, null, Double.NaN, null));
        int[] failed = {0};
        try (Progress bar = Progress.units("restore", plan.todo().size(), quiet)) {
            java.util.function.Consumer<BatchFit.Outcome> onDone = o -> {
                if (BatchFit.Outcome.FAILED.equals(o.status())) {
                    failed[0]++;
                    bar.onNotice(o.file() + ": " + o.error());
                }
                rows.put(o.file(), row(o.file(), o.model(), o.status(), o.summary(), o.seconds(), o.error()));
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("command", "restore");
                index.put("files", new java.util.ArrayList<>(rows.values()));
                try {
                    store.writeAtomically(store.resolve(outDir, "index.json"), Reports.JSON.writeValueAsBytes(index));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                bar.update(rows.size() - plan.upToDate().size(), String.format("files (%d failed)", failed[0]), Double.NaN);
            };
            if (runner != null) runner.run(master, "siren restore", plan.todo(), job, onDone);
            else BatchFit.runLocal(plan.todo(), job, 1, 0, store, onDone); // one file at a time, its windows on every core
        }
        System.out.printf("restored %d, up to date %d, failed %d; index %s%n", plan.todo().size() - failed[0], plan.upToDate().size(), failed[0],
                store.resolve(outDir, "index.json"));
        return failed[0] > 0 ? 1 : 0;
    }

    private static Map<String, Object> row(String file, String output, String status, String found, double seconds, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("output", output);
        m.put("status", status);
        if (found != null) m.put("found", found);
        if (!Double.isNaN(seconds) && error == null) m.put("seconds", Outputs.round(seconds));
        m.put("error", error);
        return m;
    }
}
