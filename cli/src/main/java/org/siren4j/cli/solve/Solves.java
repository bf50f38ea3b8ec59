package org.siren4j.cli.solve;

import java.util.function.ToDoubleFunction;
import org.siren4j.cli.Progress;
import org.siren4j.core.SirenModel;
import org.siren4j.core.train.Trainer;

/** What the solves share: quality metrics shown on the progress bar. */
final class Solves {
    private Solves() {}

    /** A metric; the trainer keeps the highest, so an error (lower is better) is handed over negated. */
    static Trainer.Metric metric(String name, boolean lowerIsBetter, ToDoubleFunction<SirenModel> measure) {
        return new Trainer.Metric() {
            public String name() { return name; }

            public double measure(SirenModel m) {
                double v = measure.applyAsDouble(m);
                return lowerIsBetter ? -v : v;
            }
        };
    }

    /** Forwards progress to the bar, showing an error metric with its own sign. */
    static Trainer.Listener shownOn(Progress progress, boolean lowerIsBetter) {
        return new Trainer.Listener() {
            @Override public void onProgress(Trainer.Progress p) {
                progress.onProgress(lowerIsBetter ? new Trainer.Progress(p.step(), p.totalSteps(), p.loss(), -p.metric(),
                        p.learningRate(), p.elapsedSeconds(), p.etaSeconds()) : p);
            }

            @Override public void onNotice(String message) { progress.onNotice(message); }
        };
    }
}
