package org.siren4j.plugins;

import java.util.Locale;
import java.util.Set;

/**
 * One parameter: a stable id (never changes across versions; sessions and state refer to it), a name, plain
 * (not normalised) range and default, a unit, flags. {@code labels} names the values of a stepped choice
 * parameter (value k = labels[k - min]).
 */
public record ParamInfo(String id, String name, double min, double max, double defaultValue, String unit,
                        Set<Flag> flags, String... labels) {
    public enum Flag { STEPPED, AUTOMATABLE, BYPASS }

    public ParamInfo {
        if (!(min <= defaultValue && defaultValue <= max)) throw new IllegalArgumentException(id + ": default outside [min, max]");
        flags = Set.copyOf(flags);
    }

    /** A continuous, automatable parameter. */
    public static ParamInfo continuous(String id, String name, double min, double max, double def, String unit) {
        return new ParamInfo(id, name, min, max, def, unit, Set.of(Flag.AUTOMATABLE));
    }

    /** A stepped choice among labels, values 0..labels-1. */
    public static ParamInfo choice(String id, String name, int def, String... labels) {
        return new ParamInfo(id, name, 0, labels.length - 1, def, "", Set.of(Flag.STEPPED, Flag.AUTOMATABLE), labels);
    }

    public boolean stepped() { return flags.contains(Flag.STEPPED); }

    /** The value clamped into range (stepped values rounded). */
    public double clamp(double v) {
        double c = Math.max(min, Math.min(max, v));
        return stepped() ? Math.rint(c) : c;
    }

    /** Value to text: a label for choices, else the number and unit. */
    public String format(double v) {
        if (labels.length > 0) return labels[(int) Math.rint(clamp(v) - min)];
        String num = stepped() ? String.valueOf((long) Math.rint(v)) : String.format(Locale.ROOT, "%.4g", v);
        return unit.isEmpty() ? num : num + " " + unit;
    }

    /** Text to value: a label, or a number with or without the unit. */
    public double parse(String text) {
        String t = text.trim();
        for (int k = 0; k < labels.length; k++) if (labels[k].equalsIgnoreCase(t)) return min + k;
        if (!unit.isEmpty() && t.endsWith(unit)) t = t.substring(0, t.length() - unit.length()).trim();
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(id + ": cannot read '" + text + "'" + (labels.length > 0 ? " (one of " + String.join(", ", labels) + ")" : ""));
        }
    }
}
