package org.siren4j.pde.special;

/**
 * Bessel functions of order zero, J0 and Y0, for the free-space Helmholtz solution
 * {@code (i/4) H0^(2)(k r) = (i/4) (J0(kr) - i Y0(kr))}. No library at hand has Y0 (Hipparchus and Commons Math
 * offer J only), so: power series up to x = 12 (Y0 with the harmonic-number series of Abramowitz and Stegun
 * 9.1.13), and beyond it Hankel's asymptotic expansion (A&S 9.2.5-9.2.10) summed to its smallest term.
 * Absolute error below 1e-10 everywhere (largest near the switch at 12), checked against tabulated values and Bessel's
 * equation.
 */
public final class Bessel {
    private Bessel() {}

    private static final double EULER_GAMMA = 0.57721566490153286061;
    private static final double SWITCH = 12; // where the series still keeps 12 digits and the expansion reaches ~1e-11

    public static double j0(double x) {
        x = Math.abs(x);
        if (x <= SWITCH) {
            double q = x * x / 4, term = 1, sum = 1;
            for (int k = 1; k < 60 && Math.abs(term) > 1e-18; k++) {
                term *= -q / ((double) k * k);
                sum += term;
            }
            return sum;
        }
        double[] pq = hankelPQ(x);
        double chi = x - Math.PI / 4;
        return Math.sqrt(2 / (Math.PI * x)) * (pq[0] * Math.cos(chi) - pq[1] * Math.sin(chi));
    }

    /** Y0 for x > 0. */
    public static double y0(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("Y0 needs x > 0, got " + x);
        if (x <= SWITCH) {
            double q = x * x / 4, term = 1, harmonic = 0, sum = 0;
            for (int k = 1; k < 60; k++) {
                term *= -q / ((double) k * k);
                harmonic += 1.0 / k;
                double t = -term * harmonic; // (-1)^(k+1) H_k q^k / (k!)^2
                sum += t;
                if (Math.abs(t) < 1e-18 && k > 2) break;
            }
            return 2 / Math.PI * ((Math.log(x / 2) + EULER_GAMMA) * j0(x) + sum);
        }
        double[] pq = hankelPQ(x);
        double chi = x - Math.PI / 4;
        return Math.sqrt(2 / (Math.PI * x)) * (pq[0] * Math.sin(chi) + pq[1] * Math.cos(chi));
    }

    /**
     * P and Q of the asymptotic expansion for order 0 (A&S 9.2.9-10): with |a_k| = prod_{m=1..k} (2m-1)^2 / (k! 8^k),
     * P = sum_m (-1)^m |a_2m| / x^2m and Q = -sum_m (-1)^m |a_{2m+1}| / x^{2m+1}, stopped at the smallest term.
     */
    private static double[] hankelPQ(double x) {
        double p = 0, q = 0, a = 1, last = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 60; k++) {
            if (k > 0) a *= (2.0 * k - 1) * (2.0 * k - 1) / (k * 8.0 * x);
            if (Math.abs(a) > last) break; // the series diverges past its smallest term
            last = Math.abs(a);
            // a_k(0) carries (-1)^k (its factors are 0 - (2m-1)^2): P's terms alternate from +1, Q's from -1/(8x)
            double sign = (k / 2) % 2 == 0 ? 1 : -1;
            if (k % 2 == 0) p += sign * a;
            else q -= sign * a;
            if (a < 1e-17) break;
        }
        return new double[]{p, q};
    }
}
