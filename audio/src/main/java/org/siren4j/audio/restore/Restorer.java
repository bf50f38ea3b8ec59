package org.siren4j.audio.restore;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siren4j.audio.Clip;

/** Finds the damage of a clip and repairs it: only damaged samples change. */
public final class Restorer {
    private final DamageDetector detector;
    private final Set<Damage.Kind> kinds;

    public Restorer(DamageDetector detector, Set<Damage.Kind> kinds) {
        this.detector = detector;
        this.kinds = kinds.isEmpty() ? EnumSet.allOf(Damage.Kind.class) : EnumSet.copyOf(kinds);
    }

    /** The damage of every channel, found once; the same list serves every repair. */
    public List<List<Damage>> detect(Clip clip) {
        List<List<Damage>> all = new ArrayList<>();
        for (int c = 0; c < clip.channels(); c++) all.add(detector.detect(clip.samples()[c], c, clip.sampleRate(), kinds));
        return all;
    }

    /** A copy of {@code clip} with {@code damage} repaired by {@code repair}. */
    public static Clip repair(Clip clip, List<List<Damage>> damage, Repair repair) { return repair(clip, damage, repair, c -> { }); }

    /** As above, telling {@code onChannel} of each channel before it is repaired. */
    public static Clip repair(Clip clip, List<List<Damage>> damage, Repair repair, java.util.function.IntConsumer onChannel) {
        double[][] out = new double[clip.channels()][];
        for (int c = 0; c < out.length; c++) {
            onChannel.accept(c);
            out[c] = clip.samples()[c].clone();
            if (!damage.get(c).isEmpty()) repair.repair(out[c], damage.get(c), clip.sampleRate());
        }
        return new Clip(clip.sampleRate(), out);
    }

    /** What was found, for a report: per kind the runs, the samples and the seconds, and the runs themselves (up to {@code listed}). */
    public static Map<String, Object> summary(List<List<Damage>> damage, int rate, int listed) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Damage.Kind k : Damage.Kind.values()) {
            long count = 0, samples = 0;
            for (List<Damage> ch : damage)
                for (Damage d : ch)
                    if (d.kind() == k) { count++; samples += d.length(); }
            out.put(k.label() + "s", Map.of("runs", count, "samples", samples, "seconds", samples / (double) rate));
        }
        for (List<Damage> ch : damage)
            for (Damage d : ch) {
                if (runs.size() >= listed) break;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("kind", d.kind().label());
                r.put("channel", d.channel());
                r.put("start", d.start());
                r.put("length", d.length());
                if (d.kind() == Damage.Kind.CLIPPING) r.put("level", d.level());
                runs.add(r);
            }
        out.put("runs", runs);
        return out;
    }
}
