package org.siren4j.cli.solve;

import org.siren4j.cli.SirenCli;
import picocli.CommandLine.Option;

/** {@code --grid}: the output grid of the solves that sample their field on one (and solve their reference on it). */
final class OutputGrid {
    @Option(names = "--grid", defaultValue = "256", paramLabel = "N",
            description = "points along the longer side of the output grid, and of the reference solve where there is one (default: ${DEFAULT-VALUE})")
    int points;

    /** The size, refused in one line outside {@code [min, max]} (each solve's own range). */
    int size(int min, int max) {
        if (points < min || points > max) throw new SirenCli.UserError("--grid must lie in " + min + ".." + max + ", got " + points);
        return points;
    }
}
