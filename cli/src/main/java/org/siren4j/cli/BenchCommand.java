package org.siren4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.core.FusedEngine;
import org.siren4j.core.bench.StepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training-step timings against the machine's own sgemm rate, measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Median ms per training step (forward, loss, backward, Adam) for the standard cases:",
                "  value-8192      1->256x3->1, value loss, batch 8192",
                "  value-65536     the same at batch 65536",
                "  laplacian-8192  2->256x3->1, Laplacian loss, batch 8192",
                "with the GFLOP/s reached and the sgemm rate of this machine. Compare with",
                "../shared/peers/torch/siren_ref.py bench run in the same minute."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--steps", description = "timed steps per case, after 3 warm-up steps (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int steps;

    @Option(names = "--case", description = "run only these cases (repeatable)")
    List<String> only;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) throw new SirenCli.UserError("--steps must be at least 1, got " + steps);
        List<StepBenchmark.Case> cases = new ArrayList<>();
        for (StepBenchmark.Case c : StepBenchmark.standardCases()) if (only == null || only.contains(c.name())) cases.add(c);
        if (only != null)
            for (String name : only)
                if (StepBenchmark.standardCases().stream().noneMatch(c -> c.name().equals(name)))
                    throw new SirenCli.UserError("unknown case '" + name + "' (cases: value-8192, value-65536, laplacian-8192)");

        double sgemm = StepBenchmark.sgemmGflops(20);
        if (!json) {
            System.out.printf("sgemm on this machine: %.1f GFLOP/s ([8192,256] x [256,256], preallocated)%n", sgemm);
            System.out.printf("%-16s %6s %7s %-10s %10s %9s %10s%n", "case", "inputs", "batch", "loss", "ms/step", "GFLOP/s", "of sgemm");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (FusedEngine engine = new FusedEngine()) {
            for (StepBenchmark.Case c : cases) {
                StepBenchmark.CaseResult r = StepBenchmark.run(c, engine, steps);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("inputs", c.inputs());
                row.put("batch", c.batch());
                row.put("loss", c.loss());
                row.put("ms_per_step", round(r.msPerStep()));
                row.put("gflops", round(r.gflops()));
                rows.add(row);
                if (!json)
                    System.out.printf("%-16s %6d %7d %-10s %10.1f %9.1f %9.0f%%%n", c.name(), c.inputs(), c.batch(), c.loss(),
                            r.msPerStep(), r.gflops(), 100 * r.gflops() / sgemm);
            }
        }
        if (json) {
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("sgemm_gflops", round(sgemm));
            rep.put("cases", rows);
            System.out.println(Reports.toJson(rep));
        }
        return 0;
    }

    private static double round(double v) { return Math.round(v * 100) / 100.0; }
}
