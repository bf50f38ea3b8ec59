package org.siren4j.core.train;

import org.siren4j.core.Buf;
import org.siren4j.core.Precision;
import org.siren4j.core.cpu.Blas;

/**
 * A block preconditioner for the Levenberg-Marquardt normal equations {@code (J^T J + lambda D) delta = -g}. Per layer,
 * the weights' block of J^T J is approximated by a Kronecker product {@code A (x) H} of the second moments of the
 * layer's adjoints (A, out x out) and of its inputs (H, in x in), as in K-FAC (Martens and Grosse 2015); the bias block
 * is A itself, exactly. Each block is damped as the LM damps it (lambda times its diagonal, split as sqrt(lambda) over
 * the two factors) and inverted once per step (Cholesky), so applying it is a few small GEMMs, where the diagonal preconditioner it replaces left
 * the conjugate gradients far from the Gauss-Newton step after 30 iterations.
 */
final class KroneckerPreconditioner {
    private final int[] rows, cols, offset;       // per layer: W is rows x cols at offset, its bias (rows) follows
    private final double[][] a, h;                // the moments
    private final Buf[] aInv, hInv, bInv, v, t;   // inverses of the damped factors and bias blocks; a weight block, A^-1 V
    private final Buf bias, biasOut;
    private final double[] work, solution; // a factor being inverted, one column of its inverse

    /** {@code rows[l] x cols[l]} weights per layer, in the flat order W_0, b_0, W_1, b_1, ... */
    KroneckerPreconditioner(int[] rows, int[] cols) {
        this.rows = rows;
        this.cols = cols;
        int layers = rows.length, at = 0, most = 0;
        offset = new int[layers];
        a = new double[layers][]; h = new double[layers][];
        aInv = new Buf[layers]; hInv = new Buf[layers]; bInv = new Buf[layers]; v = new Buf[layers]; t = new Buf[layers];
        for (int l = 0; l < layers; l++) {
            offset[l] = at;
            at += rows[l] * cols[l] + rows[l];
            a[l] = new double[rows[l] * rows[l]];
            h[l] = new double[cols[l] * cols[l]];
            aInv[l] = Buf.create(Precision.FLOAT64, rows[l], rows[l]);
            bInv[l] = Buf.create(Precision.FLOAT64, rows[l], rows[l]);
            hInv[l] = Buf.create(Precision.FLOAT64, cols[l], cols[l]);
            v[l] = Buf.create(Precision.FLOAT64, rows[l], cols[l]);
            t[l] = Buf.create(Precision.FLOAT64, rows[l], cols[l]);
            most = Math.max(most, Math.max(rows[l], cols[l]));
        }
        bias = Buf.create(Precision.FLOAT64, most, 1);
        biasOut = Buf.create(Precision.FLOAT64, most, 1);
        work = new double[most * most];
        solution = new double[most];
    }

    /** Layer l's adjoint moment A (rows x rows, row-major) and input moment H (cols x cols): set before {@link #factor}. */
    double[] adjointMoment(int l) { return a[l]; }

    double[] inputMoment(int l) { return h[l]; }

    /** Damps and inverts every block for this lambda. */
    void factor(double lambda) {
        double s = Math.sqrt(lambda);
        for (int l = 0; l < rows.length; l++) {
            dampedInverse(a[l], rows[l], s, aInv[l]);
            dampedInverse(h[l], cols[l], s, hInv[l]);
            dampedInverse(a[l], rows[l], lambda, bInv[l]);
        }
    }

    /** out = (m + mu diag(m) + a floor)^-1, by Cholesky. */
    private void dampedInverse(double[] m, int k, double mu, Buf out) {
        double top = 0;
        for (int i = 0; i < k; i++) top = Math.max(top, m[i * k + i]);
        double floor = 1e-9 * top + 1e-300;
        double[] lo = work, x = solution;
        System.arraycopy(m, 0, lo, 0, k * k);
        for (int i = 0; i < k; i++) lo[i * k + i] += mu * m[i * k + i] + floor;
        cholesky(lo, k);
        for (int j = 0; j < k; j++) { // column j of the inverse: solve L L^T x = e_j
            for (int i = 0; i < k; i++) {
                double r = i == j ? 1 : 0;
                for (int q = 0; q < i; q++) r -= lo[i * k + q] * x[q];
                x[i] = r / lo[i * k + i];
            }
            for (int i = k - 1; i >= 0; i--) {
                double r = x[i];
                for (int q = i + 1; q < k; q++) r -= lo[q * k + i] * x[q];
                x[i] = r / lo[i * k + i];
            }
            for (int i = 0; i < k; i++) out.set(i * k + j, x[i]);
        }
    }

    /** In-place Cholesky (lower triangle, row-major); a pivot at or below zero is clamped to keep the factor finite. */
    static void cholesky(double[] m, int k) {
        for (int j = 0; j < k; j++) {
            double d = m[j * k + j];
            for (int q = 0; q < j; q++) d -= m[j * k + q] * m[j * k + q];
            d = Math.sqrt(Math.max(d, 1e-300));
            m[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double r = m[i * k + j];
                for (int q = 0; q < j; q++) r -= m[i * k + q] * m[j * k + q];
                m[i * k + j] = r / d;
            }
        }
    }

    /** z = M^-1 r: per layer A^-1 V H^-1 for the weights V, B^-1 b for the bias. */
    void apply(double[] r, double[] z) {
        for (int l = 0; l < rows.length; l++) {
            int m = rows[l], n = cols[l], w = offset[l];
            for (int i = 0; i < m * n; i++) v[l].set(i, r[w + i]);
            Blas.gemm(false, false, m, n, m, aInv[l], m, v[l], n, 0, t[l], n);
            Blas.gemm(false, false, m, n, n, t[l], n, hInv[l], n, 0, v[l], n);
            for (int i = 0; i < m * n; i++) z[w + i] = v[l].get(i);
            for (int i = 0; i < m; i++) bias.set(i, r[w + m * n + i]);
            Blas.gemm(false, false, m, 1, m, bInv[l], m, bias, 1, 0, biasOut, 1);
            for (int i = 0; i < m; i++) z[w + m * n + i] = biasOut.get(i);
        }
    }
}
