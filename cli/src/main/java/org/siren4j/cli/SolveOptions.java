package org.siren4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every {@code siren solve} shares: where results go, the budget, the seed, resuming. */
final class SolveOptions {
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--steps", paramLabel = "N", description = "stop after N optimizer steps instead of a time budget")
    Integer steps;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights and the points (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--resume", description = "continue a killed run from DIR/checkpoint.ckpt")
    boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    boolean quiet;

    Path checkpoint() { return out.resolve("checkpoint.ckpt"); }

    /** The training budget: {@code --seconds} (or the string's {@code --train-seconds}) when given. */
    static final class Budget {
        @Option(names = "--seconds", paramLabel = "S", description = "training budget in seconds (each problem has its own default)")
        Double seconds;
    }

    /** The time budget in seconds: the one given, else the default; 0 (none) when only --steps is given. */
    double budget(Double given, double defaultSeconds) {
        if (given != null) {
            if (!(given > 0) || given > 1e7) throw new SirenCli.UserError("the training budget must lie in (0, 1e7] seconds, got " + given);
            return given;
        }
        return steps != null ? 0 : defaultSeconds;
    }

    /** The step limit: --steps, else 0 (none). */
    int stepCap() {
        if (steps != null && steps < 1) throw new SirenCli.UserError("--steps must be >= 1, got " + steps);
        return steps == null ? 0 : steps;
    }

    /** Checks the output folder before anything is computed or written; {@code earlier}: checkpoints of earlier stages. */
    void checkOut(Path... earlier) {
        if (Files.exists(out) && !Files.isDirectory(out)) throw new SirenCli.UserError(out + " exists and is not a folder");
        if (resume && !Files.isRegularFile(checkpoint()) && java.util.Arrays.stream(earlier).noneMatch(Files::isRegularFile))
            throw new SirenCli.UserError("--resume: no checkpoint at " + checkpoint());
    }
}
