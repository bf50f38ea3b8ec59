package org.siren4j.core;

/** Learning-rate schedules: the rate at a step (0-based) of a run of {@code total} steps. */
@FunctionalInterface
public interface LearningRate {
    double at(int step, int total);

    static LearningRate constant(double lr) { return (s, t) -> lr; }

    /** Multiplies the rate by {@code factor} every {@code every} steps. */
    static LearningRate stepDecay(double lr, int every, double factor) {
        if (every < 1) throw new IllegalArgumentException("decay interval must be >= 1");
        return (s, t) -> lr * Math.pow(factor, s / every);
    }

    /** Cosine from {@code lr} down to {@code lr * floor} over the run. */
    static LearningRate cosine(double lr, double floor) {
        return (s, t) -> {
            double f = t <= 1 ? 0 : Math.min(1.0, (double) s / (t - 1));
            return lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * f)));
        };
    }
}
