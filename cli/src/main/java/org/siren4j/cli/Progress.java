package org.siren4j.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.siren4j.core.train.Trainer;

/** A terminal progress bar for training: step, loss, quality metric, ETA (on stderr). */
final class Progress implements Trainer.Listener, AutoCloseable {
    private ProgressBar bar;
    private final String metricName;
    private double lastMetric = Double.NaN;

    Progress(String task, int steps, String metricName, boolean quiet) {
        this.metricName = metricName;
        this.bar = quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).hideEta().build();
    }

    @Override
    public void onProgress(Trainer.Progress p) {
        if (bar == null) return;
        if (!Double.isNaN(p.metric())) lastMetric = p.metric();
        bar.stepTo(p.step());
        bar.setExtraMessage(String.format(" loss %.3e%s  ETA %s", p.loss(),
                Double.isNaN(lastMetric) ? "" : String.format("  %s %.2f", metricName, lastMetric), eta(p.etaSeconds())));
    }

    @Override
    public void onNotice(String message) {
        if (bar != null) System.err.println();
        System.err.println("siren: " + message);
    }

    private static String eta(double seconds) {
        Duration d = Duration.ofSeconds((long) Math.ceil(seconds));
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
