package org.siren4j.cli;

import picocli.CommandLine.Option;

/**
 * The options of every command that trains: the seed, an opt-in time budget, resuming, and the progress bar.
 * Commands extend it with their own budget and checkpoint ({@code siren fit}: MODEL.partial; the solves:
 * DIR/checkpoint.ckpt; the demo: DIR/demo.ckpt). Fields are public because picocli fills them and the commands in
 * other packages read them.
 */
public class RunOptions {
    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights and of any points drawn (default: ${DEFAULT-VALUE})")
    public long seed;

    @Option(names = "--seconds", paramLabel = "S", description = "a time budget in seconds instead of the step counts (with --steps: whichever ends first; a clip's budget is shared by its segments): the result then depends on machine load and is not reproducible")
    public Double seconds;

    @Option(names = "--resume", description = "continue a killed run from its checkpoint (fit: MODEL.partial; solve: DIR/checkpoint.ckpt; demo: DIR/demo.ckpt)")
    public boolean resume;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar")
    public boolean quiet;

    /** The time budget in seconds, 0 for none; a bad value is refused in one line. */
    public double seconds() {
        if (seconds == null) return 0;
        if (!(seconds > 0) || seconds > 1e7) throw new SirenCli.UserError("--seconds must lie in (0, 1e7], got " + seconds);
        return seconds;
    }
}
