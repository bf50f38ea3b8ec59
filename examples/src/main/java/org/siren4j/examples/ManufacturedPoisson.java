package org.siren4j.examples;

import java.nio.file.Path;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.PointFunction;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Residual;
import org.siren4j.core.Sampler;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

/**
 * Laplacian u = f on [-1,1]^2 with u = 0 on the boundary, for the exact solution u = sin(pi x) sin(pi y):
 * an interior group redrawn every step and a boundary group, a cosine over a time budget, a checkpoint
 * that a second run resumes from, then the relative L2 error against the exact solution on a grid.
 * Arguments: [seconds (default 30)].
 */
public final class ManufacturedPoisson {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 30;
        double[] lo = {-1, -1}, hi = {1, 1};
        PointFunction f = (p, o) -> -2 * Math.PI * Math.PI * Math.sin(Math.PI * p[o]) * Math.sin(Math.PI * p[o + 1]);
        Objective poisson = Objective.of(2,
                PointGroup.sampled("interior", 2, 4096, Sampler.box(lo, hi))
                        .residual(Residual.mse("pde").term(ChannelRef.laplacian(0, 2)).target(f)),
                PointGroup.sampled("boundary", 2, 512, Sampler.boxSurface(lo, hi))
                        .residual(Residual.mse("bc").term(ChannelRef.value(0)).weight(100)));
        SirenModel model = SirenModel.create(new SirenSpec(2, 64, 2, 1, 3, 30), 0);
        Trainer.Config cfg = Trainer.Config.builder()
                .seconds(seconds).schedule(Schedule.cosine(1e-3, 0.01))
                .checkpoint(Path.of("poisson.ckpt"), 500).resume(true)
                .build();
        try (SirenEngine engine = Engines.cpu()) {
            Trainer.Result r = new Trainer(engine).train(model, poisson, cfg, new Trainer.Listener() {
                @Override public void onProgress(Trainer.Progress p) {
                    if (p.step() % 500 == 0) System.out.printf("step %d  %.1f s  loss %.3e  lr %.2e%n", p.step(), p.elapsedSeconds(), p.loss(), p.learningRate());
                }

                @Override public void onNotice(String message) { System.out.println(message); }
            });
            int side = 101;
            double[] grid = new double[2 * side * side];
            for (int i = 0; i < side * side; i++) {
                grid[2 * i] = -1 + 2.0 * (i / side) / (side - 1);
                grid[2 * i + 1] = -1 + 2.0 * (i % side) / (side - 1);
            }
            double[] u = model.evaluate(engine, grid, side * side);
            double err = 0, norm = 0;
            for (int i = 0; i < side * side; i++) {
                double exact = Math.sin(Math.PI * grid[2 * i]) * Math.sin(Math.PI * grid[2 * i + 1]);
                err += (u[i] - exact) * (u[i] - exact);
                norm += exact * exact;
            }
            System.out.printf("%d steps in %.1f s (%d spikes caught): relative L2 error %.3e%n", r.steps(), r.seconds(), r.spikes(), Math.sqrt(err / norm));
        }
        ModelFile.save(model, Path.of("poisson.siren"));
    }
}
