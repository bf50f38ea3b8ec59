package org.siren4j.core;

/**
 * SplitMix64: a small, fast generator whose whole state is one long, so a checkpoint can save it and a
 * resumed run draws exactly the numbers the interrupted one would have drawn.
 */
public final class Rng {
    private long state;

    public Rng(long seed) { this.state = seed; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform on [0, 1). */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform on [lo, hi). */
    public double uniform(double lo, double hi) { return lo + (hi - lo) * nextDouble(); }

    /** Uniform on 0..bound-1 (Lemire's multiply-shift; the bias is below 2^-32 for the bounds used here). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive");
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    public long state() { return state; }

    public void setState(long s) { state = s; }
}
