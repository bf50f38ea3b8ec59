package org.siren4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.siren4j.core.ChannelRef;
import org.siren4j.core.Engines;
import org.siren4j.core.Objective;
import org.siren4j.core.Residual;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.ManyModels;
import org.siren4j.core.train.Trainer;

/**
 * K small models (1->64x2->1, the audio-segment net) trained at once against the same models trained one
 * by one on the standard engine: ms per round (one step of every model), GFLOP/s, share of the sgemm rate.
 */
public final class ManyModelsBenchmark {
    private ManyModelsBenchmark() {}

    public record Result(int models, int points, int width, double msTogether, double msOneByOne,
                         double gflopsTogether, double gflopsOneByOne) {}

    public static Result run(int models, int points, int width, int steps) {
        SirenSpec spec = new SirenSpec(1, width, 2, 1, 1000, 30);
        List<Objective> objs = new ArrayList<>();
        for (int k = 0; k < models; k++) objs.add(segment(points, k));
        // the last weights, so neither side pays for the final loss evaluation that picks the best ones
        Trainer.Config cfg = Trainer.Config.of(steps, 1e-4).toBuilder().keep(Trainer.Keep.LAST).build();
        // warm-up (JIT, buffers: about 2 s), then timed
        ManyModels.train(models(spec, 4), objs.subList(0, 4), Trainer.Config.builder().seconds(2).build(), 0, (i, p) -> { });
        long t0 = System.nanoTime();
        ManyModels.train(models(spec, models), objs, cfg, 0, (i, p) -> { });
        double together = (System.nanoTime() - t0) * 1e-6 / steps;
        double oneByOne;
        try (SirenEngine engine = Engines.cpu()) {
            new Trainer(engine).train(SirenModel.create(spec, 0), objs.get(0), Trainer.Config.builder().seconds(2).build(), p -> { });
            long t1 = System.nanoTime();
            List<SirenModel> ms = models(spec, models);
            for (int k = 0; k < models; k++) new Trainer(engine).train(ms.get(k), objs.get(k), cfg, p -> { });
            oneByOne = (System.nanoTime() - t1) * 1e-6 / steps;
        }
        double flops = models * (6.0 * points * width * width * (spec.sineLayers() - 1) + 6.0 * points * width);
        return new Result(models, points, width, together, oneByOne, flops / together * 1e-6, flops / oneByOne * 1e-6);
    }

    private static List<SirenModel> models(SirenSpec spec, int k) {
        List<SirenModel> ms = new ArrayList<>();
        for (int i = 0; i < k; i++) ms.add(SirenModel.create(spec, i));
        return ms;
    }

    /** A 0.25 s-like segment: a few partials with a decay, different per segment. */
    static Objective segment(int n, int k) {
        double[] t = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = -1 + 2.0 * i / (n - 1);
            double s = (i / 44100.0);
            y[i] = Math.exp(-3 * s) * (Math.sin(2 * Math.PI * (220 + 7 * k) * s) + 0.3 * Math.sin(2 * Math.PI * (660 + 5 * k) * s));
        }
        return new Objective(t, 1, List.of(Residual.mse("samples").term(ChannelRef.value(0)).target(y)));
    }
}
