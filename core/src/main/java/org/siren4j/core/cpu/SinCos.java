package org.siren4j.core.cpu;

/**
 * sin and cos of one argument together, branch-light: Cody-Waite reduction by pi/2 in three parts (exact
 * products for |k| < 2^20) and fdlibm's kernel polynomials on [-pi/4, pi/4]. Accurate to a few ulp in
 * double over the whole range a SIREN sees (|w0 z| in the thousands for audio); one call yields both
 * values the channel equations need. The scalar passes use it (the float64 reference and the fallback);
 * the float32 training path uses the vectorised version in {@link VectorKernels}, ~25x faster.
 */
public final class SinCos {
    private SinCos() {}

    private static final double TWO_OVER_PI = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    private static final double PIO2_3T = 8.47842766036889956997e-32;
    private static final double LIMIT = 5e5; // |k| < 2^19: every k * PIO2_i is exact

    private static final double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
            S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
            S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
            C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
            C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;

    /** Reduced argument r in [-pi/4, pi/4] and quadrant; returns sin(x) and writes cos(x) to out[0]. */
    public static double sin(double x, double[] cosOut) {
        if (!(Math.abs(x) < LIMIT)) {
            cosOut[0] = Math.cos(x);
            return Math.sin(x);
        }
        double k = Math.rint(x * TWO_OVER_PI);
        double r = ((x - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
        r -= k * PIO2_3T;
        double z = r * r;
        double s = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
        double c = 1.0 - 0.5 * z + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        int q = (int) ((long) k & 3);
        double sinX, cosX;
        switch (q) {
            case 0 -> { sinX = s; cosX = c; }
            case 1 -> { sinX = c; cosX = -s; }
            case 2 -> { sinX = -s; cosX = -c; }
            default -> { sinX = -c; cosX = s; }
        }
        cosOut[0] = cosX;
        return sinX;
    }
}
