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

    private final double seconds;

    Progress(String task, int steps, String metricName, boolean quiet) { this(task, steps, 0, metricName, quiet); }

    /** A bar over a time budget: it moves with the seconds trained, and names the step in its message. */
    static Progress overSeconds(String task, double seconds, String metricName, boolean quiet) {
        return new Progress(task, (int) Math.ceil(seconds), seconds, metricName, quiet);
    }

    private Progress(String task, int max, double seconds, String metricName, boolean quiet) {
        this.metricName = metricName;
        this.seconds = seconds;
        this.bar = quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(120)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).hideEta().build();
    }

    @Override
    public void onProgress(Trainer.Progress p) {
        if (bar == null) return;
        if (!Double.isNaN(p.metric())) lastMetric = p.metric();
        bar.stepTo(seconds > 0 ? (long) Math.min(Math.ceil(seconds), p.elapsedSeconds()) : p.step());
        bar.setExtraMessage(String.format("%s loss %.3e%s  ETA %s", seconds > 0 ? " step " + p.step() : "", p.loss(),
                Double.isNaN(lastMetric) ? "" : String.format("  %s %.4g", metricName, lastMetric), eta(p.etaSeconds())));
    }

    /** A bar over counted units (segments, blocks): moves to {@code done} and shows {@code message}. */
    static Progress units(String task, long total, boolean quiet) { return new Progress(task, (int) Math.min(Integer.MAX_VALUE, total), 0, "", quiet); }

    void update(long done, String message, double etaSeconds) {
        if (bar == null) return;
        bar.stepTo(done);
        bar.setExtraMessage(message + "  ETA " + eta(etaSeconds));
    }

    @Override
    public void onNotice(String message) {
        if (bar != null) System.err.println();
        System.err.println("siren: " + message);
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) return "-";
        Duration d = Duration.ofSeconds((long) Math.ceil(seconds));
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
        bar = null;
    }
}
