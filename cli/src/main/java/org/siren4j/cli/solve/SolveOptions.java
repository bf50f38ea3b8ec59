package org.siren4j.cli.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.siren4j.cli.SirenCli;
import org.siren4j.cli.Progress;
import org.siren4j.cli.RunOptions;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every {@code siren solve} shares: the network and optimiser, the budget, the seed, where results go,
 * resuming. Each command gives its own defaults through an {@link OptionDefaults} (help shows them). The budget is a
 * count of optimiser steps by default, so the same input and seed give the same bytes on any machine and under any
 * load; a time budget only when the user asks for one, and the report then marks the result as not reproducible.
 */
final class SolveOptions extends RunOptions {
    // ---------------------------------------------------------------------------------- network and optimiser
    @Option(names = "--width", paramLabel = "W", description = "hidden width (default: ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--w0", paramLabel = "W0", description = "first-layer frequency (default: ${DEFAULT-VALUE})")
    double w0;

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--batch", paramLabel = "N", description = "points a step (default: ${DEFAULT-VALUE})")
    int batch;

    // ---------------------------------------------------------------------------------- budget
    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps (default: ${DEFAULT-VALUE}); the same steps, seed and input give the same result on any machine")
    int steps;

    // ---------------------------------------------------------------------------------- run and output
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "output folder (required)") // checked in checkOut: `siren solve` alone prints help
    Path out;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Refuses network settings no solve can use, in one line; {@code batch} 0 means every point when {@code allPoints}. */
    void checkNetwork(boolean allPoints) {
        if (width < 4 || width > 4096) throw new SirenCli.UserError("--width must lie in 4..4096, got " + width);
        if (!(w0 > 0) || w0 > 1e5) throw new SirenCli.UserError("--w0 must lie in (0, 1e5], got " + w0);
        if (!(lr > 0) || lr > 1) throw new SirenCli.UserError("--lr must lie in (0, 1], got " + lr);
        if (!(allPoints && batch == 0) && (batch < 16 || batch > 1 << 22))
            throw new SirenCli.UserError("--batch must lie in 16..4194304" + (allPoints ? ", or 0 for every point" : "") + ", got " + batch);
    }

    /** Whether the user named this option (rather than taking the command's default). */
    boolean given(String option) { return command.commandLine().getParseResult().hasMatchedOption(option); }

    /** The step limit: --steps, or {@code preset} when it was not given; 0 (no limit) under --seconds alone. */
    int steps(int preset) {
        if (steps < 1) throw new SirenCli.UserError("--steps must be >= 1, got " + steps);
        if (given("--steps")) return steps;
        return seconds != null ? 0 : preset;
    }

    int steps() { return steps(steps); }

    /** The progress bar of a run: over the time budget when the user gave one, else over the steps. */
    Progress progress(String task, int stepCount, String metric) {
        double s = seconds();
        return s > 0 ? Progress.overSeconds(task, s, metric, quiet) : new Progress(task, stepCount, metric, quiet);
    }

    /**
     * Adam on a cosine from --lr, then an L-BFGS finish: 60% and 40% of a time budget, or {@code steps} and
     * {@code lbfgsIterations} (0: no finish); checkpointed every 500 steps, resumable.
     */
    Trainer.Builder adamThenLbfgs(int steps, int lbfgsIterations) {
        double s = seconds();
        Trainer.Finish finish = s > 0 ? Trainer.Finish.lbfgs(0.4 * s) : lbfgsIterations > 0 ? Trainer.Finish.lbfgsIterations(lbfgsIterations) : null;
        return Trainer.Config.builder().seconds(0.6 * s).steps(steps).schedule(Schedule.cosine(lr, 0.01)).seed(seed)
                .finish(finish).checkpoint(checkpoint(), 500).resume(resume);
    }

    /** For the report, with an L-BFGS finish after the steps. */
    String budget(int stepLimit, int lbfgsIterations) {
        return budget(stepLimit) + (seconds == null ? " + " + lbfgsIterations + " L-BFGS iterations" : "");
    }

    /** For the report: what bounded the run. */
    String budget(int stepLimit) {
        return seconds == null ? stepLimit + " steps" : seconds + " seconds" + (stepLimit > 0 ? " or " + stepLimit + " steps" : "") + " (not reproducible)";
    }

    /** The training part of a report: the network, what bounded the run, and what the optimiser did. */
    void putTraining(Map<String, Object> rep, SirenSpec spec, String budget, Trainer.Result r) {
        putTraining(rep, spec, budget, r.steps(), r.finishIterations(), r.seconds(), r.finalLoss(), r.spikes());
    }

    void putTraining(Map<String, Object> rep, SirenSpec spec, String budget, long steps, int lbfgsIterations, double trainSeconds,
                     double finalLoss, int spikes) {
        rep.put("network", spec.toString());
        rep.put("parameters", spec.parameterCount());
        rep.put("learning_rate", lr);
        rep.put("budget", budget);
        rep.put("reproducible", seconds == null);
        rep.put("steps", steps);
        if (lbfgsIterations > 0) rep.put("lbfgs_iterations", lbfgsIterations);
        rep.put("seconds", trainSeconds);
        rep.put("ms_per_step", 1e3 * trainSeconds / Math.max(1, steps));
        rep.put("final_loss", finalLoss);
        rep.put("spikes", spikes);
    }

    Path checkpoint() { return out.resolve("checkpoint.ckpt"); }

    /** Checks the output folder before anything is computed or written; {@code earlier}: checkpoints of earlier stages. */
    void checkOut(Path... earlier) {
        if (out == null) throw new SirenCli.UserError("missing -o DIR (the output folder)");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new SirenCli.UserError(out + " exists and is not a folder");
        if (resume && !Files.isRegularFile(checkpoint()) && java.util.Arrays.stream(earlier).noneMatch(Files::isRegularFile))
            throw new SirenCli.UserError("--resume: no checkpoint at " + checkpoint());
    }
}
