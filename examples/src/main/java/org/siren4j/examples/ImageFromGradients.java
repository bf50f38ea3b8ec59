package org.siren4j.examples;

import java.nio.file.Path;
import java.util.List;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Objective;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

/**
 * A SIREN learns an image from its gradient alone (the paper's Poisson experiment, on a smooth synthetic
 * image with an exact gradient), then the image is read back from the network up to a constant.
 */
public final class ImageFromGradients {
    static double image(double x, double y) {
        return Math.sin(2 * x) * Math.cos(3 * y) + Math.exp(-((x - .3) * (x - .3) + (y + .2) * (y + .2)) / 0.1);
    }

    public static void main(String[] args) throws Exception {
        int side = 64, n = side * side;
        double[] xy = new double[2 * n], gx = new double[n], gy = new double[n], truth = new double[n];
        double h = 1e-5;
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) {
                int p = i * side + j;
                double x = -1 + 2.0 * i / (side - 1), y = -1 + 2.0 * j / (side - 1);
                xy[2 * p] = x;
                xy[2 * p + 1] = y;
                truth[p] = image(x, y);
                gx[p] = (image(x + h, y) - image(x - h, y)) / (2 * h);
                gy[p] = (image(x, y + h) - image(x, y - h)) / (2 * h);
            }
        // the problem is data: two residuals on the network's gradient channels
        Objective fromGradients = new Objective(xy, 2, List.of(
                Residual.mse("du/dx").term(ChannelRef.gradient(0, 0)).target(gx),
                Residual.mse("du/dy").term(ChannelRef.gradient(0, 1)).target(gy)));
        SirenModel model = SirenModel.create(new SirenSpec(2, 128, 2, 1, 30, 30), 0);
        try (SirenEngine engine = Engines.cpu()) {
            Trainer.Config cfg = Trainer.Config.builder().steps(300).schedule(Schedule.cosine(1e-3, 0.01)).build();
            Trainer.Result r = new Trainer(engine).train(model, fromGradients, cfg,
                    p -> { if (p.step() % 50 == 0) System.out.printf("step %d  loss %.3e%n", p.step(), p.loss()); });
            double[] u = model.evaluate(engine, xy, n);
            double offset = 0, mse = 0;
            for (int p = 0; p < n; p++) offset += (truth[p] - u[p]) / n;
            for (int p = 0; p < n; p++) mse += Math.pow(u[p] + offset - truth[p], 2) / n;
            System.out.printf("%d steps in %.1f s; image recovered up to a constant: PSNR %.1f dB (peak-to-peak 2)%n",
                    r.steps(), r.seconds(), 10 * Math.log10(4 / mse));
            ModelFile.save(model, Path.of(args.length > 0 ? args[0] : "image-from-gradients.siren"));
        }
    }
}
