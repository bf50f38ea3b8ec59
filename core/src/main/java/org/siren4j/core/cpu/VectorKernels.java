package org.siren4j.core.cpu;

import static org.siren4j.core.cpu.VectorSine.L;
import static org.siren4j.core.cpu.VectorSine.S;
import static org.siren4j.core.cpu.VectorSine.load;
import static org.siren4j.core.cpu.VectorSine.sinCosRow;
import static org.siren4j.core.cpu.VectorSine.sinRow;
import static org.siren4j.core.cpu.VectorSine.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * The float32 channel passes of {@link FusedEngine}, vectorised with the JDK Vector API over the ND4J
 * buffers' native memory. One pass over the rows per layer and direction does everything elementwise:
 * bias, sin and cos together ({@link VectorSine}), the channel
 * updates and, in reverse, the adjoints and the bias gradient. Used when the hidden width is a multiple of the vector
 * length; the scalar passes in {@link FusedEngine} are the reference and the fallback.
 *
 * <p>Vectors are never kept in arrays or carried across loop iterations (that would box them): sums over
 * channels go through small per-worker scratch arrays instead.
 */
final class VectorKernels {
    private VectorKernels() {}

    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    // ----------------------------------------------------------------------------------- row operations
    // Each works on one row of W units and takes only buffers, offsets and scalars: no vector crosses a
    // call, so nothing is boxed whether or not C2 inlines it (big inlined kernels hit its node budget).


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

    /**
     * What a pass's shape fixes for every layer: n points, width W, d inputs, G gradient and K second-order channels,
     * the sums' weights {@code a[k G + g]} and each gradient channel's coordinate. Built once per request and batch size.
     */
    record Shape(int n, int W, int d, int G, int K, float[] a, int[] coord) {}

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
    static void firstForward(Shape s, float w, int from, int to, double[] x, ByteBuffer w0T, float[] b0, ByteBuffer col,
                             ByteBuffer sq, ByteBuffer h, ByteBuffer cs, Scratch sc) {
        final int n = s.n(), W = s.W(), d = s.d(), G = s.G(), K = s.K(), nW = n * W;
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
    static void hiddenForward(Shape s, float w, int from, int to, float[] bias, ByteBuffer z, ByteBuffer h, ByteBuffer cs, Scratch sc) {
        final int n = s.n(), W = s.W(), G = s.G(), K = s.K(), nW = n * W;
        final float[] a = s.a();
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
     * Reverse of a hidden sine layer for points [from, to), in place on {@code adj} (output adjoints in, pre-activation
     * adjoints out); z-bar summed into {@code biasTotal}. The incoming gradient channels are read from {@code z} at row
     * offset {@code idx + (1+g) nW}.
     */
    static void backwardHidden(Shape s, float w, int from, int to, ByteBuffer z, ByteBuffer h, ByteBuffer cs, ByteBuffer adj,
                               Scratch sc, double[] biasTotal) {
        backward(false, s, w, from, to, null, z, h, cs, adj, sc, biasTotal, null);
    }

    /**
     * Reverse of the first sine layer: the incoming gradient channels are the columns of W0 ({@code col}, row {@code g W},
     * the same for every point), the incoming second-order channels are zero, and dW0 is accumulated into {@code wTotal}
     * (transposed) from the coordinates {@code x}.
     */
    static void backwardFirst(Shape s, float w, int from, int to, double[] x, ByteBuffer col, ByteBuffer h, ByteBuffer cs,
                              ByteBuffer adj, Scratch sc, double[] biasTotal, double[] wTotal) {
        backward(true, s, w, from, to, x, col, h, cs, adj, sc, biasTotal, wTotal);
    }

    /** The two reverse passes share their loop; {@code first} picks where the gradient channels come from. */
    private static void backward(boolean first, Shape s, float w, int from, int to, double[] x, ByteBuffer gz, ByteBuffer h,
                                 ByteBuffer cs, ByteBuffer adj, Scratch sc, double[] biasTotal, double[] wTotal) {
        final int n = s.n(), W = s.W(), d = s.d(), G = s.G(), K = s.K(), nW = n * W;
        final float[] a = s.a();
        final int[] coord = s.coord();
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
}
