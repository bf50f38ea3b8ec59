package org.siren4j.core;

/**
 * Draws points for a {@link PointGroup} that is resampled during training: fills {@code n} points of
 * {@code inputs} coordinates each into {@code out[point * inputs + j]}. Must draw only from {@code rnd},
 * so a resumed run draws the same points as an uninterrupted one.
 */
@FunctionalInterface
public interface Sampler {
    void sample(Rng rnd, double[] out, int n);

    /** Uniform in the box {@code [lo_j, hi_j]}. */
    static Sampler box(double[] lo, double[] hi) {
        check(lo, hi);
        double[] l = lo.clone(), h = hi.clone();
        int d = l.length;
        return (rnd, out, n) -> {
            for (int p = 0; p < n; p++) for (int j = 0; j < d; j++) out[p * d + j] = rnd.uniform(l[j], h[j]);
        };
    }

    /** Uniform on the surface of the box, each face drawn in proportion to its area (its length in 2-D). */
    static Sampler boxSurface(double[] lo, double[] hi) {
        check(lo, hi);
        double[] l = lo.clone(), h = hi.clone();
        int d = l.length;
        double[] faceArea = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            double a = 1;
            for (int i = 0; i < d; i++) if (i != j) a *= h[i] - l[i];
            faceArea[j] = d == 1 ? 1 : a;
            total += 2 * faceArea[j];
        }
        final double sum = total;
        return (rnd, out, n) -> {
            for (int p = 0; p < n; p++) {
                double u = rnd.nextDouble() * sum;
                int face = 0;
                while (face < d - 1 && u >= 2 * faceArea[face]) { u -= 2 * faceArea[face]; face++; }
                boolean upper = u >= faceArea[face];
                for (int j = 0; j < d; j++) out[p * d + j] = j == face ? (upper ? h[j] : l[j]) : rnd.uniform(l[j], h[j]);
            }
        };
    }

    /** Uniform on the slice of the box where coordinate {@code fixed} equals {@code value} (an initial time). */
    static Sampler slice(double[] lo, double[] hi, int fixed, double value) {
        check(lo, hi);
        if (fixed < 0 || fixed >= lo.length) throw new IllegalArgumentException("no coordinate " + fixed);
        Sampler inside = box(lo, hi);
        int d = lo.length;
        return (rnd, out, n) -> {
            inside.sample(rnd, out, n);
            for (int p = 0; p < n; p++) out[p * d + fixed] = value;
        };
    }

    private static void check(double[] lo, double[] hi) {
        if (lo.length == 0 || lo.length != hi.length) throw new IllegalArgumentException("box corners need the same, non-zero number of coordinates");
        for (int j = 0; j < lo.length; j++)
            if (!(hi[j] >= lo[j]) || !Double.isFinite(lo[j]) || !Double.isFinite(hi[j]))
                throw new IllegalArgumentException("box side " + j + " is empty or infinite: [" + lo[j] + ", " + hi[j] + "]");
    }
}
