package org.siren4j.audio.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioSignal;
import org.siren4j.audio.Clip;
import org.siren4j.audio.WavWriter;
import org.siren4j.audio.batch.BatchFit;
import org.siren4j.audio.batch.FileJob;
import org.siren4j.audio.batch.Store;

/**
 * Restoring a file: its damage found, repaired, and reported (what was found and where, how it was repaired, and with
 * a clean reference the SNR of every repair, the ablations included). {@code siren restore} runs {@link #restore} on
 * one file, and the job on each file of a folder, on this machine or as Spark tasks: a task's output is the restored
 * WAV, with its report beside it ({@code OUT.wav.json}), both written by the task itself.
 *
 * @param kinds the damage looked for (empty: all)
 * @param threshold the click detector's, in robust standard deviations
 * @param repair {@code siren}, {@code ar} or {@code linear} ({@link Repairs#NAMES})
 */
public record RestoreJob(Set<Damage.Kind> kinds, double threshold, String repair, long seed, WavWriter.Format format) implements FileJob {
    public static final String RESTORED = "restored";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RestoreJob {
        kinds = kinds.isEmpty() ? EnumSet.allOf(Damage.Kind.class) : EnumSet.copyOf(kinds);
        if (!(threshold >= 1 && threshold <= 100)) throw new IllegalArgumentException("--threshold must lie in [1, 100], got " + threshold);
        if (!Repairs.NAMES.contains(repair)) throw new IllegalArgumentException("--repair must be siren, ar or linear, got '" + repair + "'");
    }

    /** A restored clip and its report. */
    public record Result(Clip restored, Map<String, Object> report) {
        /** "N damaged runs", or that none was found. */
        public String found() { return (String) report.get("found"); }
    }

    /**
     * {@code x} restored with {@code threads} threads (0: every core; the bytes do not depend on it); {@code clean}, when
     * not null, is the undamaged clip (same channels, rate and length) the report scores every repair against;
     * {@code in} and {@code out} name the files in the report.
     */
    public Result restore(Clip x, Clip clean, String in, String out, int threads) { return restore(x, clean, in, out, threads, (f, what) -> { }); }

    /** How far a restoration has come: the share of the repair done (0-1) and where it is, in words. */
    @FunctionalInterface
    public interface Progress { void at(double fraction, String where); }

    /** As above, telling {@code progress} of each window the SIREN fills (a long file takes minutes). */
    public Result restore(Clip x, Clip clean, String in, String out, int threads, Progress progress) {
        Repair chosen = Repairs.named(repair, seed, threads);
        int[] channel = {0};
        int channels = x.channels();
        if (chosen instanceof SirenRepair sr)
            sr.listen((done, total) -> progress.at((channel[0] + done / (double) total) / channels,
                    (channels > 1 ? "channel " + (channel[0] + 1) + "/" + channels + ", " : "") + "window " + done + "/" + total));
        Restorer restorer = new Restorer(new DamageDetector(threshold, DamageDetector.PAD), kinds);
        long t0 = System.nanoTime();
        List<List<Damage>> damage = restorer.detect(x);
        double detectSeconds = (System.nanoTime() - t0) * 1e-9;
        long found = damage.stream().mapToLong(List::size).sum();
        t0 = System.nanoTime();
        Clip restored = Restorer.repair(x, damage, chosen, c -> channel[0] = c);
        double repairSeconds = (System.nanoTime() - t0) * 1e-9;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("command", "restore");
        r.put("input", in);
        r.put("output", out);
        r.put("found", found == 0 ? "no damage found: the output is the input unchanged" : found + " damaged runs");
        r.put("damage", Restorer.summary(damage, x.sampleRate(), 10000));
        r.put("repair", chosen.name());
        r.put("repair_method", Repairs.describe(chosen.name()));
        if (chosen instanceof SirenRepair sr) // the SIREN's own share: windows it filled, and those AR filled because it predicted a probe better
            r.put("windows", Map.of("siren", sr.choices()[0], "ar", sr.choices()[1]));
        r.put("detect_seconds", round(detectSeconds));
        r.put("repair_seconds", round(repairSeconds));
        r.put("audio_seconds", round(x.seconds()));
        r.put("seconds_per_audio_second", round((detectSeconds + repairSeconds) / Math.max(1e-9, x.seconds())));
        if (clean != null) {
            Map<String, Object> snr = new LinkedHashMap<>();
            snr.put("input", round(AudioSignal.snrDb(clean, x)));
            snr.put(chosen.name(), round(AudioSignal.snrDb(clean, restored)));
            for (String other : Repairs.NAMES)
                if (!other.equals(chosen.name())) snr.put(other, round(AudioSignal.snrDb(clean, Restorer.repair(x, damage, Repairs.named(other, seed, threads)))));
            r.put("snr_db", snr);
        }
        return new Result(restored, r);
    }

    /**
     * Restores {@code task}'s file into {@code task.model()}: the report first, then the WAV, each whole or not at all,
     * so an output the folder's plan finds up to date has its report. Restoring is deterministic: a retried task
     * writes the same bytes again.
     */
    @Override
    public BatchFit.Outcome run(BatchFit.Task task, Store store, long keepSince, int threads) {
        long t0 = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("siren-restore-");
            Clip x = AudioFiles.read(store.local(task.input(), scratch));
            Result r = restore(x, null, task.input(), task.model(), threads);
            Path wav = scratch.resolve("restored.wav");
            WavWriter.writeUndithered(wav, r.restored(), format);
            store.writeAtomically(task.model() + ".json", JSON.writeValueAsBytes(r.report()));
            store.copyAtomically(wav, task.model());
            return new BatchFit.Outcome(task.relative(), task.model(), Double.NaN, (System.nanoTime() - t0) * 1e-9, RESTORED, null, r.found());
        } catch (Throwable e) {
            return BatchFit.Outcome.failed(task, t0, e);
        } finally {
            if (scratch != null) BatchFit.deleteTree(scratch);
        }
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
