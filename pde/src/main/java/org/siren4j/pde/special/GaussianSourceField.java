package org.siren4j.pde.special;

/**
 * The free-space field of a Gaussian source in 2-D: the solution of {@code Lap u + k^2 u = f} with
 * {@code f(r) = exp(-r^2 / (2 s^2)) / (2 pi s^2)} (unit total strength) that radiates outward in the
 * {@code e^{+i omega t}} convention, {@code u = (i/4) H0^(2)(k r)} convolved with f. By Graf's addition theorem
 * the convolution of a radial source is one-dimensional:
 * <pre>
 *   u(r) = (i/4) 2 pi [ H(kr) int_0^r J0(k s) f(s) s ds + J0(kr) int_r^inf H(k s) f(s) s ds ],  H = H0^(2) = J0 - i Y0
 * </pre>
 * computed by Gauss-Legendre quadrature on a fine table near the source; beyond 12 s the source is whole
 * inside and {@code u = (i/4) H(kr) exp(-k^2 s^2 / 2)}.
 */
public final class GaussianSourceField {
    private final double k, sigma, inner, step;
    private final double[] re, im;    // u at r = i * step, i = 0..TABLE

    private static final int TABLE = 4000;
    private static final double[] GL_X = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526};
    private static final double[] GL_W = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538};

    public GaussianSourceField(double k, double sigma) {
        if (!(k > 0) || !(sigma > 0)) throw new IllegalArgumentException("k and sigma must be > 0");
        this.k = k;
        this.sigma = sigma;
        this.inner = 12 * sigma;
        this.step = inner / TABLE;
        // cumulative integrals over the table's cells: a(r) = int_0^r J0 f s ds, b(r) = int_r^inner H f s ds
        double[] a = new double[TABLE + 1], bRe = new double[TABLE + 1], bIm = new double[TABLE + 1];
        for (int i = 0; i < TABLE; i++) {
            double lo = i * step, sj = 0, sy = 0;
            for (int g = 0; g < GL_X.length; g++) {
                double s = lo + 0.5 * step * (1 + GL_X[g]), w = 0.5 * step * GL_W[g] * source(s) * s;
                sj += w * Bessel.j0(k * s);
                sy += w * Bessel.y0(k * s);
            }
            a[i + 1] = a[i] + sj;
            bRe[i] = sj;   // this cell's share, summed from the outside in below
            bIm[i] = -sy;
        }
        for (int i = TABLE - 1; i >= 0; i--) { bRe[i] += bRe[i + 1]; bIm[i] += bIm[i + 1]; }
        re = new double[TABLE + 1];
        im = new double[TABLE + 1];
        for (int i = 0; i <= TABLE; i++) {
            double r = i * step, j = Bessel.j0(k * r), y = i == 0 ? 0 : Bessel.y0(k * r);
            // (i/4) 2 pi [ (j - i y) a + j (bRe + i bIm) ]; at r = 0 the first term vanishes (a = 0)
            double sRe = j * a[i] + j * bRe[i], sIm = -y * a[i] + j * bIm[i];
            re[i] = -0.5 * Math.PI * sIm;
            im[i] = 0.5 * Math.PI * sRe;
        }
    }

    /** The source density at distance r. */
    public double source(double r) { return Math.exp(-r * r / (2 * sigma * sigma)) / (2 * Math.PI * sigma * sigma); }

    /** {u_re, u_im} at distance r from the source. */
    public double[] at(double r) {
        if (r >= inner) {
            double damp = Math.exp(-0.5 * k * k * sigma * sigma), j = Bessel.j0(k * r), y = Bessel.y0(k * r);
            return new double[] {0.25 * damp * y, 0.25 * damp * j}; // (i/4)(j - i y) = (y + i j) / 4
        }
        // cubic Lagrange through the four nearest table entries (u is even in r: mirror below 0)
        double p = r / step;
        int i = Math.max(0, Math.min(TABLE - 2, (int) p));
        double t = p - i;
        double w0 = -t * (t - 1) * (t - 2) / 6, w1 = (t + 1) * (t - 1) * (t - 2) / 2, w2 = -(t + 1) * t * (t - 2) / 2, w3 = (t + 1) * t * (t - 1) / 6;
        int a = Math.abs(i - 1);
        return new double[] {w0 * re[a] + w1 * re[i] + w2 * re[i + 1] + w3 * re[i + 2], w0 * im[a] + w1 * im[i] + w2 * im[i + 1] + w3 * im[i + 2]};
    }
}
