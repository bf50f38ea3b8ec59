package org.siren4j.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.siren4j.core.train.Trainer;

/**
 * A progress bar for training: step, loss, quality metric, ETA (on stderr). On a terminal it redraws in place;
 * written to a file or a pipe it prints a plain line every 5 s instead (carriage-return frames would fill a log).
 * The launcher says which ({@code -Dsiren.tty}, from {@code [ -t 2 ]}); without it, whether the JVM has a console.
 */
public final class Progress implements Trainer.Listener, AutoCloseable {
    private ProgressBar bar;
    private final String metricName;
    private double lastMetric = Double.NaN;

    private final double seconds;

    public Progress(String task, int steps, String metricName, boolean quiet) { this(task, steps, 0, metricName, quiet); }

    /** A bar over a time budget: it moves with the seconds trained, and names the step in its message. */
    public static Progress overSeconds(String task, double seconds, String metricName, boolean quiet) {
        return new Progress(task, (int) Math.ceil(seconds), seconds, metricName, quiet);
    }

    private Progress(String task, int max, double seconds, String metricName, boolean quiet) {
        this.metricName = metricName;
        this.seconds = seconds;
        boolean tty = stderrIsTerminal();
        this.bar = quiet ? null : new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(tty ? 250 : 5000).setMaxRenderedLength(120)
                .setConsumer(tty ? new ConsoleProgressBarConsumer(System.err)
                        : new DelegatingProgressBarConsumer(line -> System.err.println(line.strip()), 120))
                .hideEta().build();
    }

    public static boolean stderrIsTerminal() {
        String said = System.getProperty("siren.tty");
        return said != null ? Boolean.parseBoolean(said) : System.console() != null;
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
    public static Progress units(String task, long total, boolean quiet) { return new Progress(task, (int) Math.min(Integer.MAX_VALUE, total), 0, "", quiet); }

    public void update(long done, String message, double etaSeconds) {
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
