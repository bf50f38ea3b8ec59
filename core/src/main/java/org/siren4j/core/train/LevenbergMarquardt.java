package org.siren4j.core.train;

import java.util.List;
import java.util.function.LongSupplier;
import org.siren4j.core.Buf;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.cpu.DoubleRows;
import org.siren4j.core.cpu.FloatRows;

/**
 * Levenberg-Marquardt for a data fit {@code min sum_p (u(x_p) - y_p)^2} of a small one-output SIREN: each step solves
 * {@code (J^T J + lambda D) delta = -J^T r} (D = diag J^T J, Marquardt's scaling) by conjugate gradients with a
 * Kronecker-factored block preconditioner ({@link KroneckerPreconditioner}), with J v from a forward tangent pass and
 * J^T u from a reverse pass, so J (points x parameters) is never formed: two GEMMs per layer each way. The parameters,
 * the forward pass and the loss that accepts a step are float64; the Jacobian products are float32 (they only steer
 * the step; sgemm runs at twice dgemm's rate on these shapes). Lambda follows Nielsen's rule.
 * For data fits (an audio segment) where Adam's noise floor, not the net, limits the fit. With an
 * {@link Operator} A the fit is {@code min |A u - b|^2} over the net's values u at the points: a linear map
 * of the whole output (a filter, a selection of points), as a band-limit penalty needs.
 */
public final class LevenbergMarquardt {

    /** A linear map A of the net's values at the n points (u, length n) to {@code rows()} residual entries. */
    public interface Operator {
        int rows();

        /** out = A u. */
        void apply(double[] u, double[] out);

        /** out = A^T r. */
        void applyTransposed(double[] r, double[] out);

        /** The diagonal of A^T A (length n): it weights the Marquardt scaling. */
        double[] gramDiagonal();
    }

    /**
     * Conjugate-gradient iterations per step at most. With the Kronecker-factored preconditioner, 40 per step reached a
     * given fit in about a third of the products that 30 per step with the diagonal one needed (0.31 s of gt_bach,
     * band-limited segments: 60 dB on the samples in ~350 products against ~1100).
     */
    static final int MAX_CG = 40;

    /**
     * Each step's conjugate gradients start from the previous step times this, not from zero (Martens 2010, Hessian-free
     * optimisation): four band-limited segments of gt_bach gained 0.8-3.0 dB at the same counts (55.0 / 54.1 / 58.2 / 61.2
     * -> 55.8 / 56.0 / 60.1 / 64.2 dB; 0.5 gave 56.9 / 55.8 / 59.7 / 62.7).
     */
    static final double WARM = 0.95;

    /**
     * Fits {@code model} (one output) at the points {@code x} so that {@code |A u - b|^2} is least, for at most
     * {@code seconds} or {@code maxIterations} steps; the model gets the best parameters found. Returns the mean
     * squared residual over A's rows.
     */
    public static double fit(SirenModel model, double[] x, Operator a, double[] b, double seconds, int maxIterations) {
        LevenbergMarquardt lm = new LevenbergMarquardt(model, x, new double[x.length / model.spec().inputs()], a, b);
        return lm.minimize(model, seconds, maxIterations, MAX_CG, System::nanoTime, (it, v) -> { }).loss();
    }

    private final SirenSpec spec;
    private final int n, d, width, sine;         // points, inputs, width, sine layers
    private final double[] xs, y;                // scaled inputs [n * d], targets
    private final Buf[] w;                       // parameters in float64: W_0, b_0, ..., W_out, b_out
    private final Buf[] h, c;                    // per sine layer, float64: H = sin(wZ), C = w cos(wZ)
    // the Jacobian products run in float32 (FloatRows): float copies of the weights, H and C; a direction, a gradient;
    // per sine layer adjoints and tangents
    private final Buf[] wf, v, g, hf, cf, a, dot;
    private final Buf tmp, moment;
    private final KroneckerPreconditioner pre;
    final double[] out, outDot;
    private final double[] ones;                 // u = 1: the diagonal of J^T J
    private final double[] colAcc, rowA;
    private final float[] part, rowF, rowG, pointF, xsF;
    private final double[][] firstT;             // the first layer's weights, transposed
    private final float[][] firstTF;
    private final int count;
    private final Operator op;                   // null: A = I, b = y
    private final double[] b, au, gram;          // b, A u, diag(A^T A)

    record Result(double loss, int iterations, int cgIterations, double seconds) {}

    LevenbergMarquardt(SirenModel model, double[] x, double[] target) { this(model, x, target, null, null); }

    private LevenbergMarquardt(SirenModel model, double[] x, double[] target, Operator op, double[] b) {
        this.op = op;
        this.b = b;
        this.au = op == null ? null : new double[op.rows()];
        if (op != null && b.length != op.rows()) throw new IllegalArgumentException("b has " + b.length + " entries, A " + op.rows() + " rows");
        spec = model.spec();
        if (spec.outputs() != 1) throw new IllegalArgumentException("the Levenberg-Marquardt finish fits one output");
        d = spec.inputs();
        n = target.length;
        width = spec.hidden();
        sine = spec.sineLayers();
        xs = new double[n * d];
        xsF = new float[n * d];
        for (int p = 0; p < n; p++) for (int j = 0; j < d; j++) xsF[p * d + j] = (float) (xs[p * d + j] = x[p * d + j] * spec.inputScale(j));
        y = target.clone();
        List<Buf> ps = model.parameters();
        w = new Buf[ps.size()]; wf = new Buf[ps.size()]; v = new Buf[ps.size()]; g = new Buf[ps.size()];
        int total = 0;
        for (int k = 0; k < ps.size(); k++) {
            Buf p = ps.get(k);
            w[k] = Buf.create(Precision.FLOAT64, p.rows(), p.cols());
            wf[k] = Buf.create(Precision.FLOAT32, p.rows(), p.cols());
            v[k] = Buf.create(Precision.FLOAT32, p.rows(), p.cols());
            g[k] = Buf.create(Precision.FLOAT32, p.rows(), p.cols());
            w[k].copyFrom(p);
            total += (int) p.length;
        }
        count = total;
        h = new Buf[sine]; c = new Buf[sine]; hf = new Buf[sine]; cf = new Buf[sine]; a = new Buf[sine]; dot = new Buf[sine];
        for (int l = 0; l < sine; l++) {
            h[l] = Buf.create(Precision.FLOAT64, n, width);
            c[l] = Buf.create(Precision.FLOAT64, n, width);
            hf[l] = Buf.create(Precision.FLOAT32, n, width);
            cf[l] = Buf.create(Precision.FLOAT32, n, width);
            a[l] = Buf.create(Precision.FLOAT32, n, width);
            dot[l] = Buf.create(Precision.FLOAT32, n, width);
        }
        tmp = Buf.create(Precision.FLOAT32, n, width);
        moment = Buf.create(Precision.FLOAT32, width, width);
        int[] rows = new int[sine + 1], cols = new int[sine + 1];
        for (int l = 0; l <= sine; l++) { rows[l] = l < sine ? width : 1; cols[l] = l == 0 ? d : width; }
        pre = new KroneckerPreconditioner(rows, cols);
        out = new double[n];
        outDot = new double[n];
        ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        gram = op == null ? ones : op.gramDiagonal();
        colAcc = new double[width];
        rowA = new double[width];
        part = new float[width];
        rowF = new float[width];
        rowG = new float[width];
        pointF = new float[n];
        firstT = new double[d][width];
        firstTF = new float[d][width];
    }

    private Buf weight(Buf[] set, int layer) { return set[2 * layer]; }

    private Buf bias(Buf[] set, int layer) { return set[2 * layer + 1]; }

    private static java.nio.ByteBuffer bytes(Buf b) { return b instanceof Buf.F64 f ? f.nativeBytes() : ((Buf.F32) b).nativeBytes(); }

    /** The parameter {@code b} as a Java array (weights and biases are small; the big arrays stay native). */
    private static double[] heap(Buf b, double[] into) {
        for (int i = 0; i < into.length; i++) into[i] = b.get(i);
        return into;
    }

    private static float[] heapF(Buf b, float[] into) {
        for (int i = 0; i < into.length; i++) into[i] = (float) b.get(i);
        return into;
    }

    /** Forward pass at the current parameters: H, C per layer and the output; returns the sum of squared residuals. */
    double forward() {
        for (int k = 0; k < w.length; k++) wf[k].copyFrom(w[k]);
        for (int l = 0; l < sine; l++) {
            double om = spec.omega(l);
            Buf z = h[l];
            double[] b = heap(bias(w, l), rowA);
            if (l == 0) {
                Buf m = weight(w, 0);
                for (int o = 0; o < width; o++) for (int j = 0; j < d; j++) firstT[j][o] = m.get(o * d + j);
                DoubleRows.outer(bytes(z), xs, firstT, n, width);
            } else {
                Blas.gemm(false, true, n, width, width, h[l - 1], width, weight(w, l), width, 0, z, width);
            }
            DoubleRows.sineLayer(bytes(h[l]), bytes(c[l]), bytes(hf[l]), bytes(cf[l]), b, om, n, width);
        }
        DoubleRows.rowDots(bytes(h[sine - 1]), heap(weight(w, sine), rowA), bias(w, sine).get(0), n, width, out);
        double sum = 0;
        if (op == null) {
            for (int p = 0; p < n; p++) sum += (out[p] - y[p]) * (out[p] - y[p]);
            return sum;
        }
        op.apply(out, au);
        for (int i = 0; i < au.length; i++) { au[i] -= b[i]; sum += au[i] * au[i]; }
        return sum; // au now holds the residual A u - b
    }

    /** Sums of the float buffer's columns (see FloatRows.columnSums) into the layer parameter {@code into}. */
    private void columnSums(Buf m, float[] weights, boolean square, Buf into, int offset, int stride) {
        FloatRows.columnSums(bytes(m), weights, square, n, width, part, colAcc);
        for (int o = 0; o < width; o++) into.set(offset + o * stride, colAcc[o]);
    }

    /** gFlat = J^T u (u per point), from the H and C of the last forward pass; {@code square}: sum_p u_p J_p^2 instead (diag of J^T diag(u) J). */
    void transposeTimes(double[] u, double[] gFlat, boolean square) {
        float[] wo = heapF(weight(wf, sine), rowF), s = pointF;
        for (int p = 0; p < n; p++) s[p] = (float) u[p];
        columnSums(hf[sine - 1], s, square, weight(g, sine), 0, 1);
        double sb = 0;
        for (int p = 0; p < n; p++) sb += u[p];
        bias(g, sine).set(0, sb);
        // per-point adjoints of the last sine layer's pre-activation (with u = 1: dy_p/dz_p)
        if (square) for (int p = 0; p < n; p++) s[p] = (float) Math.sqrt(u[p]);
        FloatRows.scaledProduct(bytes(a[sine - 1]), s, wo, bytes(cf[sine - 1]), n, width);
        for (int l = sine - 1; l >= 0; l--) {
            Buf al = a[l];
            columnSums(al, null, square, bias(g, l), 0, 1);
            if (l == 0) {
                for (int j = 0; j < d; j++) {
                    for (int p = 0; p < n; p++) { float x = xsF[p * d + j]; pointF[p] = square ? x * x : x; }
                    columnSums(al, pointF, square, weight(g, 0), j, d);
                }
                break;
            }
            if (square) { // diag: sum_p A[p,o]^2 H[p,i]^2 = (A^2)^T (H^2)
                FloatRows.square(bytes(al), bytes(tmp), n * width);
                FloatRows.square(bytes(hf[l - 1]), bytes(dot[l - 1]), n * width);
                Blas.gemm(true, false, width, width, n, tmp, width, dot[l - 1], width, 0, weight(g, l), width);
            } else {
                Blas.gemm(true, false, width, width, n, al, width, hf[l - 1], width, 0, weight(g, l), width);
            }
            // A_{l-1} = (A_l W_l) .* C_{l-1}, kept per point
            Blas.gemm(false, false, n, width, width, al, width, weight(wf, l), width, 0, a[l - 1], width);
            FloatRows.multiply(bytes(a[l - 1]), bytes(cf[l - 1]), n * width);
        }
        flatten(g, gFlat);
    }

    /** outDot = J vFlat: the forward tangent of the output along the parameter direction. */
    void times(double[] vFlat) {
        unflatten(vFlat, v);
        for (int l = 0; l < sine; l++) {
            Buf zd = dot[l];
            if (l == 0) {
                Buf m = weight(v, 0);
                for (int o = 0; o < width; o++) for (int j = 0; j < d; j++) firstTF[j][o] = (float) m.get(o * d + j);
                FloatRows.outer(bytes(zd), xsF, firstTF, n, width);
            } else {
                Blas.gemm(false, true, n, width, width, dot[l - 1], width, weight(wf, l), width, 0, zd, width);
                Blas.gemm(false, true, n, width, width, hf[l - 1], width, weight(v, l), width, 1, zd, width);
            }
            FloatRows.addBiasTimes(bytes(zd), bytes(cf[l]), heapF(bias(v, l), rowF), n, width);
        }
        FloatRows.rowDots(bytes(dot[sine - 1]), heapF(weight(wf, sine), rowF), bytes(hf[sine - 1]), heapF(weight(v, sine), rowG),
                bias(v, sine).get(0), n, width, outDot);
    }

    /** The preconditioner's moments, from the adjoints the last {@code transposeTimes(gram, ., true)} left. */
    private void moments() {
        for (int l = 0; l < sine; l++) {
            Blas.gemm(true, false, width, width, n, a[l], width, a[l], width, 0, moment, width);
            double[] am = pre.adjointMoment(l), hm = pre.inputMoment(l);
            for (int i = 0; i < am.length; i++) am[i] = moment.get(i);
            if (l == 0) {
                java.util.Arrays.fill(hm, 0);
                for (int p = 0; p < n; p++) for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) hm[i * d + j] += xs[p * d + i] * xs[p * d + j] / n;
            } else {
                Blas.gemm(true, false, width, width, n, hf[l - 1], width, hf[l - 1], width, 0, moment, width);
                for (int i = 0; i < hm.length; i++) hm[i] = moment.get(i) / n;
            }
        }
        double sg = 0;
        for (int p = 0; p < n; p++) { sg += gram[p]; pointF[p] = (float) Math.sqrt(gram[p]); }
        java.util.Arrays.fill(rowF, 1);
        FloatRows.scaledProduct(bytes(tmp), pointF, rowF, bytes(hf[sine - 1]), n, width);
        Blas.gemm(true, false, width, width, n, tmp, width, tmp, width, 0, moment, width);
        double[] hm = pre.inputMoment(sine);
        for (int i = 0; i < hm.length; i++) hm[i] = moment.get(i) / sg;
        pre.adjointMoment(sine)[0] = sg;
    }

    /** out = (J^T A^T A J + lambda D) x: one tangent pass and one reverse pass. */
    private void normalTimes(double[] x, double[] out, double lambda, double[] diag, double[] tangent, double[] back) {
        times(x);
        if (op == null) {
            transposeTimes(outDot, out, false); // reads outDot, writes out: no copy needed
        } else {
            op.apply(outDot, tangent);
            op.applyTransposed(tangent, back);
            transposeTimes(back, out, false);
        }
        for (int k = 0; k < x.length; k++) out[k] += lambda * diag[k] * x[k];
    }

    private static void flatten(Buf[] set, double[] flat) {
        int k = 0;
        for (Buf b : set) for (int i = 0; i < b.length; i++) flat[k++] = b.get(i);
    }

    private static void unflatten(double[] flat, Buf[] set) {
        int k = 0;
        for (Buf b : set) for (int i = 0; i < b.length; i++) b.set(i, flat[k++]);
    }

    /** Runs until {@code seconds} pass or {@code maxIterations} steps; writes the best parameters into {@code model}. */
    Result minimize(SirenModel model, double seconds, int maxIterations, int maxCg, LongSupplier clock, Lbfgs.Listener listener) {
        long t0 = clock.getAsLong();
        int P = count;
        double[] theta = new double[P], trial = new double[P], grad = new double[P], diag = new double[P], r = new double[n];
        double[] last = new double[P];
        double[] delta = new double[P], res = new double[P], z = new double[P], dir = new double[P], q = new double[P];
        flatten(w, theta);
        double loss = forward();
        int rows = op == null ? n : op.rows();
        double[] tangent = op == null ? null : new double[rows], back = op == null ? null : new double[n];
        double lambda = 1e-2, nu = 2; // 1e-3 had the first two or three steps rejected
        int it = 0, cgTotal = 0;
        while (it < maxIterations && (clock.getAsLong() - t0) * 1e-9 < seconds) {
            if (op == null) for (int p = 0; p < n; p++) r[p] = out[p] - y[p];
            else op.applyTransposed(au, r);
            transposeTimes(r, grad, false);
            transposeTimes(gram, diag, true);
            double dmax = 0;
            for (double x : diag) dmax = Math.max(dmax, x);
            for (int k = 0; k < P; k++) diag[k] = Math.max(diag[k], 1e-9 * dmax);
            moments();
            pre.factor(lambda);
            // PCG on (J^T J + lambda D) delta = -grad, preconditioned block by block (KroneckerPreconditioner)
            double gnorm2 = 0;
            for (int k = 0; k < P; k++) { delta[k] = 0; res[k] = -grad[k]; gnorm2 += grad[k] * grad[k]; }
            if (it > 0) { // CG starts from the last step, decayed (Martens 2010, Hessian-free): one product more per step
                for (int k = 0; k < P; k++) delta[k] = WARM * last[k];
                normalTimes(delta, q, lambda, diag, tangent, back);
                for (int k = 0; k < P; k++) res[k] -= q[k];
                cgTotal++;
            }
            double rz = 0;
            pre.apply(res, z);
            for (int k = 0; k < P; k++) { dir[k] = z[k]; rz += res[k] * z[k]; }
            for (int cg = 0; cg < maxCg; cg++) {
                normalTimes(dir, q, lambda, diag, tangent, back);
                double pq = 0;
                for (int k = 0; k < P; k++) pq += dir[k] * q[k];
                if (!(pq > 0)) break;
                double alpha = rz / pq, rr = 0;
                for (int k = 0; k < P; k++) { delta[k] += alpha * dir[k]; res[k] -= alpha * q[k]; rr += res[k] * res[k]; }
                cgTotal++;
                if (rr < 1e-4 * gnorm2) break; // an inexact step: 1% of the gradient left
                double rzNew = 0;
                pre.apply(res, z);
                for (int k = 0; k < P; k++) rzNew += res[k] * z[k];
                double beta = rzNew / rz;
                rz = rzNew;
                for (int k = 0; k < P; k++) dir[k] = z[k] + beta * dir[k];
            }
            // predicted reduction of the quadratic model: delta^T (lambda D delta - grad) (sum of squares, not halved)
            double predicted = 0;
            for (int k = 0; k < P; k++) predicted += delta[k] * (lambda * diag[k] * delta[k] - grad[k]);
            for (int k = 0; k < P; k++) trial[k] = theta[k] + delta[k];
            System.arraycopy(delta, 0, last, 0, P);
            unflatten(trial, w);
            double trialLoss = forward();
            double rho = (loss - trialLoss) / Math.max(predicted, 1e-300);
            if (trialLoss < loss && Double.isFinite(trialLoss)) {
                System.arraycopy(trial, 0, theta, 0, P);
                loss = trialLoss;
                lambda *= Math.max(1.0 / 3, 1 - Math.pow(2 * rho - 1, 3));
                nu = 2;
            } else {
                unflatten(theta, w);
                loss = forward();
                lambda *= nu;
                nu *= 2;
                if (lambda > 1e12) break;
            }
            it++;
            listener.onIteration(it, loss / rows);
        }
        unflatten(theta, w);
        List<Buf> ps = model.parameters();
        for (int k = 0; k < ps.size(); k++) ps.get(k).copyFrom(w[k]);
        return new Result(loss / rows, it, cgTotal, (clock.getAsLong() - t0) * 1e-9);
    }
}
