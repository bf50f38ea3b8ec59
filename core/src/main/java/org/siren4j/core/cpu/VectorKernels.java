package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 channel passes of {@link FusedEngine}, vectorised with the JDK Vector API over the ND4J
 * buffers' native memory. One pass over the rows per layer and direction does everything elementwise:
 * bias, sin and cos together (branch-free polynomials; {@code Math.sin} does not vectorise), the channel
 * updates and, in reverse, the adjoints and the bias gradient; Adam's update too. Used when the hidden width is a multiple of the vector
 * length; the scalar passes in {@link FusedEngine} are the reference and the fallback.
 *
 * <p>Vectors are never kept in arrays or carried across loop iterations (that would box them): sums over
 * channels go through small per-worker scratch arrays instead.
 */
final class VectorKernels {
    private VectorKernels() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // sin/cos in float: Cody-Waite reduction by pi/2 in three parts (k * P1 exact for |k| < 2^16, i.e.
    // |x| < 1e5), then Cephes' minimax polynomials on [-pi/4, pi/4]; max error ~1e-7 absolute.
    private static final float TWO_OVER_PI = (float) (2 / Math.PI);
    private static final float P1 = 1.5703125f, P2 = 4.837512969970703125e-4f, P3 = 7.54978995489188216e-8f;
    private static final float S1 = -1.6666654611e-1f, S2 = 8.3321608736e-3f, S3 = -1.9515295891e-4f;
    private static final float C1 = 4.166664568298827e-2f, C2 = -1.388731625493765e-3f, C3 = 2.443315711809948e-5f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
    // sine alone (rendering): the same three-part split doubled (a reduction by pi), Taylor to r^11
    private static final float ONE_OVER_PI = (float) (1 / Math.PI);
    private static final float T3 = (float) (-1.0 / 6), T5 = (float) (1.0 / 120), T7 = (float) (-1.0 / 5040),
            T9 = (float) (1.0 / 362880), T11 = (float) (-1.0 / 39916800);

    /** Largest |w z| the reduction handles exactly; beyond it the engine uses the scalar pass. */
    static final float RANGE = 1e5f;

    /** A direct native-order buffer of floats, for small constants the kernels read like any other row. */
    static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * 4).order(NATIVE);
    }

    static FloatVector load(ByteBuffer b, int index) { return FloatVector.fromByteBuffer(S, b, index << 2, NATIVE); }

    static void store(FloatVector v, ByteBuffer b, int index) { v.intoByteBuffer(b, index << 2, NATIVE); }

    private static FloatVector rint(FloatVector v) { return v.add(ROUND).sub(ROUND); }

    // ------------------------------------------------------------------------------------ row operations
    // Each works on one row of W units and takes only buffers, offsets and scalars: no vector crosses a
    // call, so nothing is boxed whether or not C2 inlines it (big inlined kernels hit its node budget).

    /**
     * s[si + o] = sin(x), c[ci + o] = cos(x) for x = w (z[zi + o] + bias[o]): one reduction, both
     * polynomials, no branches and no masks. Three short loops run as separate {@link Stage}s: JDK 17's C2
     * has a node budget per compilation, and past it vector intrinsics silently fall back to Java code
     * that boxes every vector (a 20x slowdown and garbage on every step). {@code tmp} is a row of W floats.
     */
    static void sinCosRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer sOut, int si, ByteBuffer cOut, int ci,
                          float[] tmp, int W) {
        runStages(SIN_COS, z, zi, bias, w, sOut, si, cOut, ci, tmp, null, W);
    }

    /**
     * One loop of a sine computation. The stages are called through one call site that sees several
     * stage classes, so C2 never inlines them into each other or into a kernel: each compiles on its own,
     * well inside the node budget, and only buffers and scalars cross between them.
     */
    private interface Stage {
        void run(ByteBuffer in, int ii, float[] bias, float w, ByteBuffer a, int ai, ByteBuffer b, int bi,
                 float[] t1, float[] t2, int W);
    }

    private static final Stage[] SIN_COS = {
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> reduceRow(in, ii, bias, w, a, ai, b, bi, W),
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> polynomialRow(a, ai, t1, W),
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> quadrantRow(a, ai, b, bi, t1, W),
    };

    private static final Stage[] SIN = {
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> reduceByPiRow(in, ii, bias, w, a, ai, t1, W),
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> sinHighTermsRow(a, ai, t2, W),
        (in, ii, bias, w, a, ai, b, bi, t1, t2, W) -> sinLowTermsRow(a, ai, t1, t2, W),
    };

    private static void runStages(Stage[] stages, ByteBuffer in, int ii, float[] bias, float w, ByteBuffer a, int ai,
                                  ByteBuffer b, int bi, float[] t1, float[] t2, int W) {
        for (Stage st : stages) st.run(in, ii, bias, w, a, ai, b, bi, t1, t2, W);
    }

    /** r = x - k pi/2 with k = rint(2x/pi), into rOut; the quadrant q = k mod 4 in {0, 1, 2, 3}, into qOut. */
    private static void reduceRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer rOut, int ri, ByteBuffer qOut, int qi, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector x = load(z, zi + o).add(FloatVector.fromArray(S, bias, o)).mul(w);
            FloatVector k = rint(x.mul(TWO_OVER_PI));
            FloatVector r = k.fma(FloatVector.broadcast(S, -P1), x);
            r = k.fma(FloatVector.broadcast(S, -P2), r);
            store(k.fma(FloatVector.broadcast(S, -P3), r), rOut, ri + o);
            // k - 4 floor(k/4), with floor(k/4) = rint(k/4 - 3/8) exact for integer k
            store(rint(k.mul(0.25f).sub(0.375f)).fma(FloatVector.broadcast(S, -4f), k), qOut, qi + o);
        }
    }

    /** sin(r) in place of r, cos(r) into cp: Cephes' float polynomials on [-pi/4, pi/4]. */
    private static void polynomialRow(ByteBuffer rs, int ri, float[] cp, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector r = load(rs, ri + o), z2 = r.mul(r);
            z2.fma(C3, C2).mul(z2).add(C1).mul(z2).mul(z2).add(z2.fma(-0.5f, 1f)).intoArray(cp, o);
            store(z2.fma(S3, S2).mul(z2).add(S1).mul(z2).fma(r, r), rs, ri + o);
        }
    }

    /**
     * By quadrant q: sin x = A(q) sin r + B(q) cos r and cos x = A(q) cos r - B(q) sin r, where A takes
     * 1, 0, -1, 0 and B takes 0, 1, 0, -1 at q = 0..3: the cubics through those points, evaluated by FMA.
     */
    private static void quadrantRow(ByteBuffer sr, int si, ByteBuffer qc, int ci, float[] cr, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector q = load(qc, ci + o), sn = load(sr, si + o), cs = FloatVector.fromArray(S, cr, o);
            FloatVector a = q.fma(1f / 3, -1f).mul(q).sub(1f / 3).mul(q).add(1f);   // 1 - q/3 - q^2 + q^3/3
            FloatVector b = q.fma(1f / 3, -2f).mul(q).add(8f / 3).mul(q);           // 8q/3 - 2q^2 + q^3/3
            store(a.mul(sn).add(b.mul(cs)), sr, si + o);
            store(a.mul(cs).sub(b.mul(sn)), qc, ci + o);
        }
    }

    /**
     * s[si + o] = sin(w (z[zi + o] + bias[o])) alone, for rendering: reduction by pi and the odd Taylor
     * polynomial to r^11 (error < 6e-8 on |r| <= pi/2), about 40% fewer operations than sin and cos
     * together; three {@link Stage}s. {@code sign} and {@code high} are rows of W floats.
     */
    static void sinRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer sOut, int si, float[] sign, float[] high, int W) {
        runStages(SIN, z, zi, bias, w, sOut, si, null, 0, sign, high, W);
    }

    /** r = x - k pi (k = rint(x/pi)) into rOut, and (-1)^k into sign. */
    private static void reduceByPiRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer rOut, int ri, float[] sign, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector x = load(z, zi + o).add(FloatVector.fromArray(S, bias, o)).mul(w);
            FloatVector k = rint(x.mul(ONE_OVER_PI));
            FloatVector r = k.fma(FloatVector.broadcast(S, -2 * P1), x);
            r = k.fma(FloatVector.broadcast(S, -2 * P2), r);
            store(k.fma(FloatVector.broadcast(S, -2 * P3), r), rOut, ri + o);
            // parity k - 2 floor(k/2), with floor(k/2) = rint(k/2 - 1/4) for integer k; sign = 1 - 2 parity
            FloatVector parity = rint(k.mul(0.5f).sub(0.25f)).fma(FloatVector.broadcast(S, -2f), k);
            parity.fma(FloatVector.broadcast(S, -2f), FloatVector.broadcast(S, 1f)).intoArray(sign, o);
        }
    }

    /** high = T7 + r^2 (T9 + r^2 T11). */
    private static void sinHighTermsRow(ByteBuffer rs, int ri, float[] high, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector z2 = load(rs, ri + o);
            z2 = z2.mul(z2);
            z2.fma(T11, T9).mul(z2).add(T7).intoArray(high, o);
        }
    }

    /** sin x = sign (r + r^3 (T3 + r^2 (T5 + r^2 high))), in place of r. */
    private static void sinLowTermsRow(ByteBuffer rs, int ri, float[] sign, float[] high, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector r = load(rs, ri + o), z2 = r.mul(r);
            FloatVector p = FloatVector.fromArray(S, high, o).mul(z2).add(T5).mul(z2).add(T3).mul(z2).mul(r).add(r);
            store(p.mul(FloatVector.fromArray(S, sign, o)), rs, ri + o);
        }
    }

    /** y[yi + o] = alpha * a[ai + o] * b[bi + o]. */
    static void productRow(float alpha, ByteBuffer a, int ai, ByteBuffer b, int bi, ByteBuffer y, int yi, int W) {
        for (int o = 0; o < W; o += L) store(load(a, ai + o).mul(load(b, bi + o)).mul(alpha), y, yi + o);
    }

    /** acc[at + o] += alpha * a[ai + o]. */
    static void addScaledRow(float alpha, ByteBuffer a, int ai, float[] acc, int at, int W) {
        for (int o = 0; o < W; o += L)
            load(a, ai + o).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, acc, at + o)).intoArray(acc, at + o);
    }

    /** acc[o] += alpha * a[ai + o] * b[bi + o]. */
    static void addProductRow(float alpha, ByteBuffer a, int ai, ByteBuffer b, int bi, float[] acc, int W) {
        for (int o = 0; o < W; o += L)
            load(a, ai + o).mul(load(b, bi + o)).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, acc, o)).intoArray(acc, o);
    }

    /** Forward second-order channel: y = w c q - w^2 s t. */
    static void secondForwardRow(float w, ByteBuffer c, ByteBuffer s, int i, ByteBuffer q, int qi, float[] t, ByteBuffer y, int yi, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector v = load(c, i + o).mul(load(q, qi + o)).mul(w);
            store(load(s, i + o).mul(FloatVector.fromArray(S, t, o)).fma(FloatVector.broadcast(S, -w * w), v), y, yi + o);
        }
    }

    /** Gradient channel adjoint, in place: adj[gi] = w c gb - 2 w^2 s gg t (t = sum_k a_kg Sbar_k). */
    static void gradAdjointRow(float w, ByteBuffer c, ByteBuffer s, int i, ByteBuffer gg, int ggi, float[] t, ByteBuffer adj, int gi, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector v = load(c, i + o).mul(load(adj, gi + o)).mul(w);
            FloatVector u = load(s, i + o).mul(load(gg, ggi + o)).mul(FloatVector.fromArray(S, t, o));
            store(u.fma(FloatVector.broadcast(S, -2 * w * w), v), adj, gi + o);
        }
    }

    /**
     * Second-order channel adjoint, in place: with sb = adj[si], sBar -= w^2 sb t, cBar += w sb q (when q
     * is given), adj[si] = w c sb.
     */
    static void secondAdjointRow(float w, ByteBuffer c, int i, ByteBuffer q, int qi, float[] t, float[] sBar, float[] cBar, ByteBuffer adj, int si, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector sb = load(adj, si + o);
            sb.mul(FloatVector.fromArray(S, t, o)).fma(FloatVector.broadcast(S, -w * w), FloatVector.fromArray(S, sBar, o)).intoArray(sBar, o);
            if (q != null) sb.mul(load(q, qi + o)).fma(FloatVector.broadcast(S, w), FloatVector.fromArray(S, cBar, o)).intoArray(cBar, o);
            store(load(c, i + o).mul(sb).mul(w), adj, si + o);
        }
    }

    /** z-bar = w (sBar c - cBar s), into adj[i] and added to biasAcc. */
    static void zAdjointRow(float w, ByteBuffer c, ByteBuffer s, int i, float[] sBar, float[] cBar, ByteBuffer adj, float[] biasAcc, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector zb = FloatVector.fromArray(S, sBar, o).mul(load(c, i + o))
                    .sub(FloatVector.fromArray(S, cBar, o).mul(load(s, i + o))).mul(w);
            store(zb, adj, i + o);
            zb.add(FloatVector.fromArray(S, biasAcc, o)).intoArray(biasAcc, o);
        }
    }

    /** Value-only reverse: z-bar = w c adj, in place, added to biasAcc. */
    static void valueAdjointRow(float w, ByteBuffer c, int i, ByteBuffer adj, float[] biasAcc, int W) {
        for (int o = 0; o < W; o += L) {
            FloatVector zb = load(adj, i + o).mul(load(c, i + o)).mul(w);
            store(zb, adj, i + o);
            zb.add(FloatVector.fromArray(S, biasAcc, o)).intoArray(biasAcc, o);
        }
    }

    static void loadRow(ByteBuffer a, int ai, float[] row, int W) {
        for (int o = 0; o < W; o += L) load(a, ai + o).intoArray(row, o);
    }

    // ------------------------------------------------------------------------------------ passes
    // Layout: element (row, o) of a [rows, W] buffer is at row * W + o; channel block c of point p is
    // row c * n + p, so channel c of element idx = p * W + o sits at idx + c * n * W.

    /** Per-worker scratch rows for the passes. */
    static final class Scratch {
        final float[] sBar, cBar, t, biasAcc, wAccT;

        Scratch(int W, int inputs) {
            sBar = new float[W]; cBar = new float[W]; t = new float[W];
            biasAcc = new float[W]; wAccT = new float[W * inputs];
        }
    }

    /**
     * First sine layer, forward, points [from, to): z = W0 x + b0 (built in h's value row), then
     * V = sin(wz), G_g = w cos(wz) W0[:, coord_g], S_k = -w^2 sin(wz) sum_g a_kg W0[:, coord_g]^2.
     * {@code w0T} holds W0 transposed ([i][o]); {@code col} and {@code sq} hold the G and S row constants.
     */
    static void firstForward(int from, int to, int n, int W, int d, int G, int K, float w, double[] x,
                             ByteBuffer w0T, float[] b0, ByteBuffer col, ByteBuffer sq, ByteBuffer h, ByteBuffer cs, Scratch sc) {
        final int nW = n * W;
        for (int p = from; p < to; p++) {
            int idx = p * W;
            java.util.Arrays.fill(sc.t, 0f);
            for (int i = 0; i < d; i++) addScaledRow((float) x[p * d + i], w0T, i * W, sc.t, 0, W);
            for (int o = 0; o < W; o += L) FloatVector.fromArray(S, sc.t, o).intoByteBuffer(h, (idx + o) << 2, NATIVE);
            sinCosRow(h, idx, b0, w, h, idx, cs, idx, sc.t, W);
            for (int g = 0; g < G; g++) productRow(w, cs, idx, col, g * W, h, idx + (1 + g) * nW, W);
            for (int k = 0; k < K; k++) productRow(-w * w, h, idx, sq, k * W, h, idx + (1 + G + k) * nW, W);
        }
    }

    /** First sine layer for rendering: values only, no cosines. */
    static void firstForwardValues(int from, int to, int W, int d, float w, double[] x, ByteBuffer w0T, float[] b0, ByteBuffer h, Scratch sc) {
        for (int p = from; p < to; p++) {
            int idx = p * W;
            java.util.Arrays.fill(sc.t, 0f);
            for (int i = 0; i < d; i++) addScaledRow((float) x[p * d + i], w0T, i * W, sc.t, 0, W);
            for (int o = 0; o < W; o += L) FloatVector.fromArray(S, sc.t, o).intoByteBuffer(h, (idx + o) << 2, NATIVE);
            sinRow(h, idx, b0, w, h, idx, sc.sBar, sc.cBar, W);
        }
    }

    /** Hidden sine layer for rendering, in place: values only, no cosines. */
    static void hiddenForwardValues(int from, int to, int W, float w, float[] bias, ByteBuffer h, Scratch sc) {
        for (int p = from; p < to; p++) sinRow(h, p * W, bias, w, h, p * W, sc.sBar, sc.cBar, W);
    }

    /** Hidden sine layer, forward; in place when z and h are one buffer (no derivative channels). */
    static void hiddenForward(int from, int to, int n, int W, int G, int K, float w, float[] a, float[] bias,
                              ByteBuffer z, ByteBuffer h, ByteBuffer cs, Scratch sc) {
        final int nW = n * W;
        for (int p = from; p < to; p++) {
            int idx = p * W;
            // in place this overwrites z's value row, which nothing reads again
            sinCosRow(z, idx, bias, w, h, idx, cs, idx, sc.t, W);
            for (int k = 0; k < K; k++) {
                java.util.Arrays.fill(sc.t, 0f);
                for (int g = 0; g < G; g++) addProductRow(a[k * G + g], z, idx + (1 + g) * nW, z, idx + (1 + g) * nW, sc.t, W);
                int si = idx + (1 + G + k) * nW;
                secondForwardRow(w, cs, h, idx, z, si, sc.t, h, si, W);
            }
            for (int g = 0; g < G; g++) productRow(w, cs, idx, z, idx + (1 + g) * nW, h, idx + (1 + g) * nW, W);
        }
    }

    /**
     * Reverse of a sine layer for points [from, to), in place on {@code adj} (output adjoints in,
     * pre-activation adjoints out); z-bar summed into {@code biasTotal}. The incoming gradient channels
     * are read from {@code gz} at row offset {@code idx + (1+g) nW} (hidden layers, {@code first == false})
     * or at {@code g W} (first layer: the columns of W0, the same for every point), where the incoming
     * second-order channels are zero and dW0 is accumulated into {@code wTotal} (transposed).
     */
    static void backward(boolean first, int from, int to, int n, int W, int d, int G, int K, float w, float[] a,
                         int[] coord, double[] x, ByteBuffer gz, ByteBuffer h, ByteBuffer cs, ByteBuffer adj,
                         Scratch sc, double[] biasTotal, double[] wTotal) {
        final int nW = n * W;
        int block = 0;
        for (int p = from; p < to; p++) {
            int idx = p * W;
            if (G == 0 && K == 0) {
                valueAdjointRow(w, cs, idx, adj, sc.biasAcc, W);
            } else {
                loadRow(adj, idx, sc.sBar, W);
                java.util.Arrays.fill(sc.cBar, 0f);
                for (int g = 0; g < G; g++) {
                    int gi = idx + (1 + g) * nW, ggi = first ? g * W : gi;
                    addProductRow(w, adj, gi, gz, ggi, sc.cBar, W);
                    java.util.Arrays.fill(sc.t, 0f);
                    for (int k = 0; k < K; k++)
                        if (a[k * G + g] != 0) addScaledRow(a[k * G + g], adj, idx + (1 + G + k) * nW, sc.t, 0, W);
                    gradAdjointRow(w, cs, h, idx, gz, ggi, sc.t, adj, gi, W);
                }
                for (int k = 0; k < K; k++) {
                    java.util.Arrays.fill(sc.t, 0f);
                    for (int g = 0; g < G; g++) {
                        int ggi = first ? g * W : idx + (1 + g) * nW;
                        addProductRow(a[k * G + g], gz, ggi, gz, ggi, sc.t, W);
                    }
                    int si = idx + (1 + G + k) * nW;
                    secondAdjointRow(w, cs, idx, first ? null : gz, si, sc.t, sc.sBar, sc.cBar, adj, si, W);
                }
                zAdjointRow(w, cs, h, idx, sc.sBar, sc.cBar, adj, sc.biasAcc, W);
            }
            if (first) {
                for (int i = 0; i < d; i++) addScaledRow((float) x[p * d + i], adj, idx, sc.wAccT, i * W, W);
                for (int g = 0; g < G; g++) addScaledRow(1f, adj, idx + (1 + g) * nW, sc.wAccT, coord[g] * W, W);
            }
            if (++block == 64) { flush(sc, biasTotal, wTotal, first); block = 0; }
        }
        flush(sc, biasTotal, wTotal, first);
    }

    private static void flush(Scratch sc, double[] biasTotal, double[] wTotal, boolean first) {
        flush(sc.biasAcc, biasTotal);
        if (first) flush(sc.wAccT, wTotal);
    }

    private static void flush(float[] acc, double[] total) {
        for (int i = 0; i < acc.length; i++) { total[i] += acc[i]; acc[i] = 0; }
    }

    /** Adam on float32 parameters: moments in float, old values saved for an undo. */
    static void adam(ByteBuffer p, ByteBuffer g, float[] m, float[] v, float[] prev, float b1, float b2,
                     float invBc2, float eps, float stepSize, float gradScale) {
        for (int i = 0; i < m.length; i += L) {
            FloatVector gi = load(g, i).mul(gradScale), pi = load(p, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(gi.mul(1 - b1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(gi.mul(gi).mul(1 - b2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            pi.intoArray(prev, i);
            store(pi.sub(mi.mul(stepSize).div(vi.sqrt().mul(invBc2).add(eps))), p, i);
        }
    }

    /**
     * Sum of squares of a float buffer (NaN or infinite if any entry is), lane by lane in a fixed order: a floating-point
     * reduceLanes leaves its order to the implementation, so a JIT-compiled and an interpreted pass may differ in the
     * last bit, and the gradient clipping that reads this norm would then make two runs' bytes differ.
     */
    static double squaredNorm(ByteBuffer b, int n) {
        double total = 0;
        for (int j = 0; j < n; j += L) {
            FloatVector x = load(b, j), sq = x.mul(x);
            for (int k = 0; k < L; k++) total += sq.lane(k);
        }
        return total;
    }

}
