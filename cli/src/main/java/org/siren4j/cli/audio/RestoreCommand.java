package org.siren4j.cli.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.LocalStore;
import org.siren4j.audio.restore.Damage;
import org.siren4j.audio.restore.DamageDetector;
import org.siren4j.audio.restore.Repair;
import org.siren4j.audio.restore.Repairs;
import org.siren4j.audio.restore.Restorer;
import org.siren4j.audio.restore.SirenRepair;
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
                "skipped, and the exit code is 1 when any failed."})
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

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        WavWriter.Format fmt = output.format();
        if (!(threshold >= 1 && threshold <= 100)) throw new SirenCli.UserError("--threshold must lie in [1, 100], got " + threshold);
        Repair chosen = Repairs.named(repair, seed, quiet);
        if (chosen == null) throw new SirenCli.UserError("--repair must be siren, ar or linear, got '" + repair + "'");
        if (Files.isDirectory(in)) return folder(out, fmt, chosen);
        if (force) throw new SirenCli.UserError("--force is for a folder; " + in + " is a file");
        Map<String, Object> r = restore(in, out, output.report(".json"), fmt, chosen, clean);
        System.out.printf("restored %s: %s, %s in %.1f s%s; wrote %s%n", in.getFileName(), r.get("found"), "repair: " + chosen.name(),
                (double) r.get("detect_seconds") + (double) r.get("repair_seconds"),
                r.get("snr_db") instanceof Map<?, ?> m ? String.format(": SNR %.2f -> %.2f dB", (double) m.get("input"), (double) m.get(chosen.name())) : "", out);
        return 0;
    }

    /**
     * {@code siren restore DIR -o OUTDIR}: every sound file under DIR restored into the same place under OUTDIR (as WAV,
     * with its report), {@code OUTDIR/index.json} rewritten after each; a file whose output is newer is skipped, a bad
     * file is reported and the others go on (exit code 1 when any failed).
     */
    private int folder(Path outDir, WavWriter.Format fmt, Repair chosen) throws Exception {
        if (clean != null) throw new SirenCli.UserError("--clean is for one file");
        if (output.report != null) throw new SirenCli.UserError("--report is for one file: a folder writes OUTDIR/index.json and a report beside each output");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) throw new SirenCli.UserError(outDir + " exists and is not a folder");
        if (Outputs.sameFile(in, outDir)) throw new SirenCli.UserError("-o " + outDir + ": the outputs would go among the input files; give another folder");
        LocalStore store = new LocalStore();
        BatchFit.Plan plan = BatchFit.plan(store, in.toString(), outDir.toString(), force, rel -> BatchFit.withExtension(rel, ".wav"));
        if (plan.todo().isEmpty() && plan.upToDate().isEmpty()) throw new SirenCli.UserError(in + ": no sound files");
        Map<String, Map<String, Object>> rows = new java.util.TreeMap<>();
        for (BatchFit.Task t : plan.upToDate()) rows.put(t.relative(), row(t, "up-to-date", null, null));
        int failed = 0;
        try (Progress bar = Progress.units("restore", plan.todo().size(), quiet)) {
            for (BatchFit.Task t : plan.todo()) {
                Path target = Path.of(t.model());
                try {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    rows.put(t.relative(), row(t, "restored", restore(Path.of(t.input()), target, target.resolveSibling(target.getFileName() + ".json"), fmt, chosen, null), null));
                } catch (Exception | Error e) { // one file's failure of any kind is its row; the others go on
                    failed++;
                    rows.put(t.relative(), row(t, "failed", null, e.getMessage() != null ? e.getMessage() : e.toString()));
                    bar.onNotice(t.relative() + ": " + e.getMessage());
                }
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("command", "restore");
                index.put("files", new java.util.ArrayList<>(rows.values()));
                Reports.write(outDir.resolve("index.json"), index);
                bar.update(rows.size() - plan.upToDate().size(), String.format("files (%d failed)", failed), Double.NaN);
            }
        }
        System.out.printf("restored %d, up to date %d, failed %d; index %s%n", plan.todo().size() - failed, plan.upToDate().size(), failed, outDir.resolve("index.json"));
        return failed > 0 ? 1 : 0;
    }

    private static Map<String, Object> row(BatchFit.Task t, String status, Map<String, Object> report, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", t.relative());
        m.put("output", t.model());
        m.put("status", status);
        if (report != null) {
            m.put("found", report.get("found"));
            m.put("seconds", Outputs.round((double) report.get("detect_seconds") + (double) report.get("repair_seconds")));
        }
        m.put("error", error);
        return m;
    }

    /** Restores one file into {@code out} with its report {@code rep}; returns the report. */
    private Map<String, Object> restore(Path in, Path out, Path rep, WavWriter.Format fmt, Repair chosen, Path clean) throws Exception {
        if (clean != null && (Outputs.sameFile(clean, out) || Outputs.sameFile(clean, rep)))
            throw new SirenCli.UserError(out + ": the output would overwrite " + clean);
        Clip x = Outputs.readInput(in, out, rep);
        Clip ref = clean == null ? null : AudioFiles.read(clean);
        if (ref != null && (ref.channels() != x.channels() || ref.sampleRate() != x.sampleRate() || ref.frames() != x.frames()))
            throw new SirenCli.UserError(clean + ": channels, rate or length differ from the input's");
        Set<Damage.Kind> kinds = EnumSet.noneOf(Damage.Kind.class);
        if (clicks) kinds.add(Damage.Kind.CLICK);
        if (clipping) kinds.add(Damage.Kind.CLIPPING);
        if (dropouts) kinds.add(Damage.Kind.DROPOUT);
        Restorer restorer = new Restorer(new DamageDetector(threshold, DamageDetector.PAD), kinds);

        long t0 = System.nanoTime();
        List<List<Damage>> damage = restorer.detect(x);
        double detectSeconds = (System.nanoTime() - t0) * 1e-9;
        long found = damage.stream().mapToLong(List::size).sum();
        t0 = System.nanoTime();
        Clip restored = Restorer.repair(x, damage, chosen);
        double repairSeconds = (System.nanoTime() - t0) * 1e-9;
        WavWriter.writeUndithered(out, restored, fmt);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "restore");
        r.put("input", in.toString());
        r.put("output", out.toString());
        r.put("found", found == 0 ? "no damage found: the output is the input unchanged" : found + " damaged runs");
        r.put("damage", Restorer.summary(damage, x.sampleRate(), 10000));
        r.put("repair", chosen.name());
        r.put("repair_method", Repairs.describe(chosen.name()));
        if (chosen instanceof SirenRepair sr) // the SIREN's own share: windows it filled, and those AR filled because it predicted a probe better
            r.put("windows", Map.of("siren", sr.choices()[0], "ar", sr.choices()[1]));
        r.put("detect_seconds", Outputs.round(detectSeconds));
        r.put("repair_seconds", Outputs.round(repairSeconds));
        r.put("audio_seconds", Outputs.round(x.seconds()));
        r.put("seconds_per_audio_second", Outputs.round((detectSeconds + repairSeconds) / Math.max(1e-9, x.seconds())));
        if (ref != null) {
            Map<String, Object> snr = new LinkedHashMap<>();
            snr.put("input", Outputs.round(AudioSignal.snrDb(ref, x)));
            snr.put(chosen.name(), Outputs.round(AudioSignal.snrDb(ref, restored)));
            for (String other : Repairs.NAMES)
                if (!other.equals(chosen.name())) snr.put(other, Outputs.round(AudioSignal.snrDb(ref, Restorer.repair(x, damage, Repairs.named(other, seed, true)))));
            r.put("snr_db", snr);
        }
        Reports.write(rep, r);
        return r;
    }
}
