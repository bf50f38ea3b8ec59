package org.siren4j.audio.restore;

import java.util.List;

/** The repairs by name: {@code siren} and its ablations {@code ar} and {@code linear}. */
public final class Repairs {
    private Repairs() {}

    public static final List<String> NAMES = List.of("siren", "ar", "linear");

    /** The repair called {@code name}, or null when there is none; {@code threads}: windows fitted at once (0: one per core). */
    public static Repair named(String name, long seed, int threads) {
        return switch (name) {
            case "siren" -> new SirenRepair(seed, threads);
            case "ar" -> new ArRepair();
            case "linear" -> new Repair.Linear();
            default -> null;
        };
    }

    /** One line on how a repair fills a gap, for reports. */
    public static String describe(String name) {
        return switch (name) {
            case "siren" -> "a one-layer SIREN fitted to the good samples around each damaged stretch (damaged samples unweighted, clipped ones held beyond the clip level, band-limited between samples) plus AR of what it leaves; a window whose probe gap AR alone predicts better is filled by AR (windows)";
            case "ar" -> "least-squares autoregressive interpolation (order " + ArRepair.ORDER + ", Janssen et al. 1986)";
            case "linear" -> "straight lines between the good samples either side";
            default -> name;
        };
    }
}
