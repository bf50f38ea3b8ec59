package org.siren4j.pde.fd;

import java.util.function.DoubleBinaryOperator;
import java.util.stream.IntStream;
import org.siren4j.pde.Grid;

/**
 * The finite-difference reference for the Helmholtz equation under a PML, in divergence form
 * {@code d/dx(A du/dx) + d/dy(B du/dy) + C k^2 / c^2 u = f} with complex {@code A = e_y / e_x}, {@code B = e_x / e_y},
 * {@code C = e_x e_y} (the stretchings {@code e_x(x)}, {@code e_y(y)} given), {@code u = 0} on the outer edge.
 * Five-point flux form with the coefficients at the half-points (second order), solved directly by a banded
 * complex LU without pivoting (the PML's damping keeps the pivots away from zero; the residual is checked).
 */
public final class HelmholtzFd {
    private HelmholtzFd() {}

    /** A complex stretching {@code e(s) = re(s) + i im(s)} along one coordinate. */
    public interface Stretch {
        double re(double s);

        double im(double s);
    }

    public record Solution(double[] re, double[] im, double relativeResidual) {}

    public static Solution solve(Grid g, double k, Stretch ex, Stretch ey, DoubleBinaryOperator velocity, DoubleBinaryOperator source) {
        int nx = g.nx(), ny = g.ny(), mx = nx - 2, my = ny - 2, n = mx * my, w = 2 * mx + 1;
        double hx2 = g.hx() * g.hx(), hy2 = g.hy() * g.hy();
        double[] aRe = new double[n * w], aIm = new double[n * w], bRe = new double[n], bIm = new double[n];
        // unknown p = (i - 1) * mx + (j - 1) for interior node (x_j, y_i); band column q - p + mx
        for (int i = 1; i < ny - 1; i++)
            for (int j = 1; j < nx - 1; j++) {
                int p = (i - 1) * mx + (j - 1);
                double x = g.x(j), y = g.y(i);
                double[] eyHere = {ey.re(y), ey.im(y)}, exHere = {ex.re(x), ex.im(x)};
                double[] aW = div(eyHere, ex, x - 0.5 * g.hx()), aE = div(eyHere, ex, x + 0.5 * g.hx());
                double[] bS = div(exHere, ey, y - 0.5 * g.hy()), bN = div(exHere, ey, y + 0.5 * g.hy());
                double v = velocity.applyAsDouble(x, y), kk = k * k / (v * v);
                double cRe = exHere[0] * eyHere[0] - exHere[1] * eyHere[1], cIm = exHere[0] * eyHere[1] + exHere[1] * eyHere[0];
                int row = p * w + mx;
                aRe[row] = -(aW[0] + aE[0]) / hx2 - (bS[0] + bN[0]) / hy2 + cRe * kk;
                aIm[row] = -(aW[1] + aE[1]) / hx2 - (bS[1] + bN[1]) / hy2 + cIm * kk;
                if (j > 1) { aRe[row - 1] = aW[0] / hx2; aIm[row - 1] = aW[1] / hx2; }
                if (j < nx - 2) { aRe[row + 1] = aE[0] / hx2; aIm[row + 1] = aE[1] / hx2; }
                if (i > 1) { aRe[row - mx] = bS[0] / hy2; aIm[row - mx] = bS[1] / hy2; }
                if (i < ny - 2) { aRe[row + mx] = bN[0] / hy2; aIm[row + mx] = bN[1] / hy2; }
                bRe[p] = source.applyAsDouble(x, y);
            }
        double[] keepRe = aRe.clone(), keepIm = aIm.clone(), rhsRe = bRe.clone(), rhsIm = bIm.clone();
        factor(aRe, aIm, n, mx);
        substitute(aRe, aIm, n, mx, bRe, bIm);
        double res = residual(keepRe, keepIm, n, mx, bRe, bIm, rhsRe, rhsIm);
        double[] uRe = new double[nx * ny], uIm = new double[nx * ny];
        for (int i = 1; i < ny - 1; i++)
            for (int j = 1; j < nx - 1; j++) {
                int p = (i - 1) * mx + (j - 1);
                uRe[i * nx + j] = bRe[p];
                uIm[i * nx + j] = bIm[p];
            }
        return new Solution(uRe, uIm, res);
    }

    /** (a_re + i a_im) / e(s). */
    private static double[] div(double[] a, Stretch e, double s) {
        double er = e.re(s), ei = e.im(s), d = er * er + ei * ei;
        return new double[] {(a[0] * er + a[1] * ei) / d, (a[1] * er - a[0] * ei) / d};
    }

    /** In-place LU of the band (half-width m) without pivoting; the rows below each pivot are updated in parallel. */
    private static void factor(double[] re, double[] im, int n, int m) {
        int w = 2 * m + 1;
        for (int p = 0; p < n; p++) {
            int piv = p * w + m;
            double pr = re[piv], pi = im[piv], d = pr * pr + pi * pi;
            if (d == 0) throw new ArithmeticException("zero pivot at unknown " + p);
            double ir = pr / d, ii = -pi / d;
            int last = Math.min(n - 1, p + m), pp = p;
            IntStream.rangeClosed(p + 1, last).parallel().forEach(r -> {
                int lr = r * w + m - (r - pp); // entry (r, p)
                double xr = re[lr], xi = im[lr];
                if (xr == 0 && xi == 0) return;
                double fr = xr * ir - xi * ii, fi = xr * ii + xi * ir; // multiplier l = a_rp / a_pp
                re[lr] = fr;
                im[lr] = fi;
                int src = pp * w + m + 1, dst = lr + 1, len = Math.min(m, n - 1 - pp);
                for (int c = 0; c < len; c++) {
                    double sr = re[src + c], si = im[src + c];
                    re[dst + c] -= fr * sr - fi * si;
                    im[dst + c] -= fr * si + fi * sr;
                }
            });
        }
    }

    private static void substitute(double[] re, double[] im, int n, int m, double[] bRe, double[] bIm) {
        int w = 2 * m + 1;
        for (int p = 0; p < n; p++) { // L y = b (unit diagonal)
            double sr = bRe[p], si = bIm[p];
            for (int q = Math.max(0, p - m); q < p; q++) {
                int e = p * w + m + (q - p);
                sr -= re[e] * bRe[q] - im[e] * bIm[q];
                si -= re[e] * bIm[q] + im[e] * bRe[q];
            }
            bRe[p] = sr;
            bIm[p] = si;
        }
        for (int p = n - 1; p >= 0; p--) { // U x = y
            double sr = bRe[p], si = bIm[p];
            for (int q = p + 1; q <= Math.min(n - 1, p + m); q++) {
                int e = p * w + m + (q - p);
                sr -= re[e] * bRe[q] - im[e] * bIm[q];
                si -= re[e] * bIm[q] + im[e] * bRe[q];
            }
            int d = p * w + m;
            double dr = re[d], di = im[d], dd = dr * dr + di * di;
            bRe[p] = (sr * dr + si * di) / dd;
            bIm[p] = (si * dr - sr * di) / dd;
        }
    }

    /** |A x - b| / |b|. */
    private static double residual(double[] re, double[] im, int n, int m, double[] xRe, double[] xIm, double[] bRe, double[] bIm) {
        int w = 2 * m + 1;
        double e = 0, s = 0;
        for (int p = 0; p < n; p++) {
            double sr = -bRe[p], si = -bIm[p];
            for (int q = Math.max(0, p - m); q <= Math.min(n - 1, p + m); q++) {
                int a = p * w + m + (q - p);
                sr += re[a] * xRe[q] - im[a] * xIm[q];
                si += re[a] * xIm[q] + im[a] * xRe[q];
            }
            e += sr * sr + si * si;
            s += bRe[p] * bRe[p] + bIm[p] * bIm[p];
        }
        return Math.sqrt(e / s);
    }
}
