package org.siren4j.audio.restore;

import java.util.ArrayList;
import java.util.List;

/**
 * How damaged samples are filled in: only they change, every other sample stays as it was. The repairs work on
 * {@link Gap}s: damaged runs near each other (they share context) with the window of good samples around them.
 */
public interface Repair {
    /** The name the report and {@code --repair} use. */
    String name();

    /** Fills the damaged samples of channel samples {@code x} in place; {@code damage} is that channel's, in order. */
    void repair(double[] x, List<Damage> damage, int rate);

    /**
     * Damaged runs repaired together, {@code runs}, and the window {@code [from, to)} of samples they are judged
     * from: the runs' span and {@code context} samples either side (other damage inside it is masked, not used).
     */
    record Gap(List<Damage> runs, int from, int to) {
        public int start() { return runs.get(0).start(); }

        public int end() { return runs.stream().mapToInt(Damage::end).max().orElseThrow(); }
    }

    /**
     * Groups runs that lie within {@code join} samples of each other (a group spans at most {@link #MAX_SPAN}
     * samples: dense damage, like heavy clipping, is cut into pieces), and gives each group a window of
     * {@code context(group)} samples either side, inside {@code [0, length)}.
     */
    static List<Gap> gaps(List<Damage> damage, int length, int join, java.util.function.ToIntFunction<List<Damage>> context) {
        List<Gap> out = new ArrayList<>();
        List<Damage> group = new ArrayList<>();
        int end = Integer.MIN_VALUE;
        for (Damage d : damage) {
            if (!group.isEmpty() && (d.start() > end + join || d.end() - group.get(0).start() > MAX_SPAN)) {
                out.add(window(group, length, context));
                group = new ArrayList<>();
            }
            group.add(d);
            end = Math.max(end, d.end());
        }
        if (!group.isEmpty()) out.add(window(group, length, context));
        return out;
    }

    private static Gap window(List<Damage> group, int length, java.util.function.ToIntFunction<List<Damage>> context) {
        int s = group.get(0).start(), e = group.stream().mapToInt(Damage::end).max().orElseThrow();
        int c = context.applyAsInt(group);
        return new Gap(List.copyOf(group), Math.max(0, s - c), Math.min(length, e + c));
    }

    int MAX_SPAN = 2048;

    /** The longest run of a group. */
    static int longest(List<Damage> group) { return group.stream().mapToInt(Damage::length).max().orElseThrow(); }

    /** The mask of damaged samples. */
    static boolean[] mask(int length, List<Damage> damage) {
        boolean[] m = new boolean[length];
        for (Damage d : damage) java.util.Arrays.fill(m, d.start(), d.end(), true);
        return m;
    }

    /**
     * A clipped sample's true value lay at or beyond the clip level, on its side: the repairs that do not hold to this
     * by themselves are held to it here.
     */
    static void beyondClipLevel(double[] x, List<Damage> damage) {
        for (Damage d : damage) {
            if (d.kind() != Damage.Kind.CLIPPING) continue;
            for (int i = d.start(); i < d.end(); i++)
                if (d.level() > 0 ? x[i] < d.level() : x[i] > d.level()) x[i] = d.level();
        }
    }

    /** Straight lines between the good samples either side of each run: the simplest repair, an ablation. */
    final class Linear implements Repair {
        @Override public String name() { return "linear"; }

        @Override public void repair(double[] x, List<Damage> damage, int rate) {
            fill(x, mask(x.length, damage));
            beyondClipLevel(x, damage);
        }

        /** Straight lines over the runs of {@code m}. */
        static void fill(double[] x, boolean[] m) {
            for (int i = 0; i < x.length; ) {
                if (!m[i]) { i++; continue; }
                int j = i;
                while (j < x.length && m[j]) j++;
                double a = i > 0 ? x[i - 1] : j < x.length ? x[j] : 0, b = j < x.length ? x[j] : a;
                for (int k = i; k < j; k++) x[k] = a + (b - a) * (k - i + 1) / (j - i + 1);
                i = j;
            }
        }
    }
}
