package org.siren4j.examples;

import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.Grid;
import org.siren4j.pde.HelmholtzProblem;

/**
 * The paper's Helmholtz problem as a user writes it: a point-like source at the centre, a PML along the edge,
 * the complex field as two outputs; compared with the analytic free-space field outside the PML.
 * Arguments: [seconds (default 60)].
 */
public final class PointSourceHelmholtz {
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        HelmholtzProblem problem = new HelmholtzProblem(15, 0, 0, 0.05, 0.4, 5, null);
        SirenModel net = SirenModel.create(new SirenSpec(2, 128, 3, 2, 10, 30), 0);
        Grid grid = Grid.square(128);
        double[][] exact = problem.exact(grid);
        try (SirenEngine engine = Engines.cpu()) {
            new Trainer(engine).train(net, problem.objective(4096, 1024),
                    Trainer.Config.builder().seconds(seconds).schedule(Schedule.cosine(5e-4, 0.02)).build(),
                    p -> { if (p.step() % 500 == 0) System.out.printf("step %d  %.0f s  loss %.3e%n", p.step(), p.elapsedSeconds(), p.loss()); });
            double err = HelmholtzProblem.relL2(problem.field(net, engine, grid), exact, problem.insideMask(grid));
            System.out.printf("rel L2 outside the PML against (i/4) H0^(2)(kr) * source: %.3e%n", err);
        }
    }
}
