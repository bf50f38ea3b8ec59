package org.siren4j.examples;

import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;
import org.siren4j.pde.Grid;
import org.siren4j.pde.WaveProblem;

/**
 * The 2-D wave equation as a user writes it: a Gaussian pulse on a square membrane held at zero on its edge,
 * trained from the PDE alone (the initial shape and rest are built into the field), then compared with the
 * leapfrog reference at the last time. Arguments: [seconds (default 60)].
 */
public final class PulseOnAMembrane {
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        WaveProblem membrane = new WaveProblem(2, 1.0, 0.4, WaveProblem.gaussian(0, 0, 0.1, 1), (x, y) -> 0);
        SirenModel net = SirenModel.create(new SirenSpec(3, 128, 3, 1, 30, 30), 0);
        Grid grid = Grid.square(128);
        double[] reference = membrane.reference(grid, new double[] {0.4})[0];
        try (SirenEngine engine = Engines.cpu()) {
            new Trainer(engine).train(net, membrane.objective(4096),
                    Trainer.Config.builder().seconds(seconds).schedule(Schedule.cosine(3e-4, 0.01)).build(),
                    p -> { if (p.step() % 500 == 0) System.out.printf("step %d  %.0f s  loss %.3e%n", p.step(), p.elapsedSeconds(), p.loss()); });
            double[] u = membrane.field(net, engine, grid.points(), grid.size(), 0.4);
            System.out.printf("rel L2 at t = 0.4 against the leapfrog reference: %.3e%n", Grid.relL2(u, reference, null));
        }
    }
}
