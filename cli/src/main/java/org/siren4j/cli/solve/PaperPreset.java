package org.siren4j.cli.solve;

import picocli.CommandLine.Option;

/**
 * {@code --preset fast|paper}: the defaults that finish in minutes here, or the paper's configuration of the
 * experiment (its network width, learning rate and step count, as each command's description says) for bigger
 * machines. Options named on the command line win over the preset.
 */
final class PaperPreset {
    enum Name { fast, paper }

    @Option(names = "--preset", defaultValue = "fast", paramLabel = "fast|paper",
            description = "fast: the defaults shown here; paper: the paper's configuration, as the description says, for bigger machines (default: ${DEFAULT-VALUE})")
    Name preset;

    boolean paper() { return preset == Name.paper; }

    /** Applies the paper's width and learning rate unless named; returns the step budget of the chosen preset. */
    int apply(SolveOptions run, int paperWidth, double paperLr, int paperSteps, int fastSteps) {
        if (paper()) {
            if (!run.given("--width")) run.width = paperWidth;
            if (!run.given("--lr")) run.lr = paperLr;
        }
        return run.steps(paper() ? paperSteps : fastSteps);
    }
}
