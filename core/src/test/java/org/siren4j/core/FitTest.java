package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

/** End-to-end fits within test-friendly step counts, judged against the known signals. */
public class FitTest {
    private static final Trainer.Listener QUIET = p -> { };

    public static double[] sumOfSines(double[] t) {
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++)
            y[i] = 0.5 * Math.sin(2 * Math.PI * 3 * t[i]) + 0.3 * Math.sin(2 * Math.PI * 11 * t[i] + 1)
                    + 0.2 * Math.sin(2 * Math.PI * 29 * t[i] + 2);
        return y;
    }

    public static double snrDb(double[] truth, double[] est) {
        double s = 0, e = 0;
        for (int i = 0; i < truth.length; i++) { s += truth[i] * truth[i]; e += (truth[i] - est[i]) * (truth[i] - est[i]); }
        return 10 * Math.log10(s / e);
    }

    @Test
    void sumOfSinesReaches40Db() {
        int n = 2000;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = -1 + 2.0 * i / (n - 1);
        double[] y = sumOfSines(t);
        SirenModel model = SirenModel.create(new SirenSpec(1, 64, 2, 1, 60, 30), 1);
        Objective obj = new Objective(t, 1, java.util.List.of(Residual.mse("fit").term(ChannelRef.value(0)).target(y)));
        try (FusedEngine engine = new FusedEngine()) {
            Trainer.Config cfg = Trainer.Config.builder().steps(500).schedule(Schedule.cosine(1e-3, 0.01)).build();
            new Trainer(engine).train(model, obj, cfg, QUIET);
            assertThat(snrDb(y, model.evaluate(engine, t, n))).isGreaterThanOrEqualTo(40);
        }
    }

    /** A smooth test image and its exact gradient. */
    public static double image(double x, double y) { return Math.sin(2 * x) * Math.cos(3 * y) + Math.exp(-((x - .3) * (x - .3) + (y + .2) * (y + .2)) / 0.1); }

    public static double imageDx(double x, double y) { return 2 * Math.cos(2 * x) * Math.cos(3 * y) - 2 * (x - .3) / 0.1 * Math.exp(-((x - .3) * (x - .3) + (y + .2) * (y + .2)) / 0.1); }

    public static double imageDy(double x, double y) { return -3 * Math.sin(2 * x) * Math.sin(3 * y) - 2 * (y + .2) / 0.1 * Math.exp(-((x - .3) * (x - .3) + (y + .2) * (y + .2)) / 0.1); }

    @Test
    void imageFromItsGradientsIsRecoveredUpToAConstant() {
        int side = 32, n = side * side;
        double[] xy = new double[2 * n], gx = new double[n], gy = new double[n], truth = new double[n];
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) {
                int p = i * side + j;
                double x = -1 + 2.0 * i / (side - 1), y = -1 + 2.0 * j / (side - 1);
                xy[2 * p] = x; xy[2 * p + 1] = y;
                gx[p] = imageDx(x, y); gy[p] = imageDy(x, y); truth[p] = image(x, y);
            }
        Objective obj = new Objective(xy, 2, java.util.List.of(
                Residual.mse("d/dx").term(ChannelRef.gradient(0, 0)).target(gx),
                Residual.mse("d/dy").term(ChannelRef.gradient(0, 1)).target(gy)));
        SirenModel model = SirenModel.create(new SirenSpec(2, 64, 2, 1, 30, 30), 2);
        try (FusedEngine engine = new FusedEngine()) {
            Trainer.Config cfg = Trainer.Config.builder().steps(200).schedule(Schedule.cosine(1e-3, 0.01)).build();
            new Trainer(engine).train(model, obj, cfg, QUIET);
            double[] u = model.evaluate(engine, xy, n);
            double offset = 0;
            for (int p = 0; p < n; p++) offset += (truth[p] - u[p]) / n;
            double err = 0, range = 0;
            for (int p = 0; p < n; p++) { err += Math.pow(u[p] + offset - truth[p], 2) / n; range = Math.max(range, Math.abs(truth[p])); }
            double psnr = 10 * Math.log10(4 * range * range / err);
            assertThat(psnr).as("PSNR after fitting the constant").isGreaterThan(40);
        }
    }
}
