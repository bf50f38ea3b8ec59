package org.siren4j.core.train;

/**
 * A learning-rate schedule as a function of the run's progress, from 0 at the start to 1 at its end. The
 * trainer measures progress in steps, in seconds of a time budget, or both (whichever is further along),
 * so a cosine anneals over {@code --seconds} as well as over a step count.
 */
@FunctionalInterface
public interface Schedule {
    /** The rate at {@code progress} in [0, 1]. */
    double rate(double progress);

    static Schedule constant(double lr) {
        check(lr);
        return p -> lr;
    }

    /** Cosine from {@code lr} down to {@code lr * floor} at the end of the run. */
    static Schedule cosine(double lr, double floor) {
        check(lr);
        return p -> lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * clamp(p))));
    }

    /** Exponential decay from {@code lr} to {@code lr * finalFactor} at the end of the run. */
    static Schedule exponential(double lr, double finalFactor) {
        check(lr);
        if (!(finalFactor > 0)) throw new IllegalArgumentException("final factor must be > 0");
        return p -> lr * Math.pow(finalFactor, clamp(p));
    }

    /** Multiplies the rate by {@code factor} at each of {@code drops} evenly spaced points of the run. */
    static Schedule steps(double lr, int drops, double factor) {
        check(lr);
        if (drops < 1) throw new IllegalArgumentException("drops must be >= 1");
        return p -> lr * Math.pow(factor, Math.min(drops, Math.floor(clamp(p) * (drops + 1))));
    }

    /** This schedule after a linear warm-up over the first {@code fraction} of the run. */
    default Schedule warmup(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("warm-up fraction must lie in [0, 1)");
        if (fraction == 0) return this;
        return p -> p < fraction ? rate(0) * (p + 1e-3) / (fraction + 1e-3) : rate((p - fraction) / (1 - fraction));
    }

    private static double clamp(double p) { return Math.max(0, Math.min(1, p)); }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
    }
}
