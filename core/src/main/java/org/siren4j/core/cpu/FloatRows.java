package org.siren4j.core.cpu;

import static org.siren4j.core.cpu.VectorSine.L;
import static org.siren4j.core.cpu.VectorSine.S;
import static org.siren4j.core.cpu.VectorSine.load;
import static org.siren4j.core.cpu.VectorSine.store;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;

/**
 * Float32 passes over row-major [n, W] arrays in native memory (a {@link org.siren4j.core.Buf.F32}'s bytes), for the
 * Levenberg-Marquardt finish's Jacobian products: those only steer a step whose loss is checked in float64, so float32
 * holds, and it doubles the lanes and the GEMM rate (sgemm runs at twice dgemm's on these [n, 48] shapes). As in
 * {@link DoubleRows}, every sum runs in a fixed order, so the bytes do not depend on load, threads or the JIT.
 * Each pass does a row's first {@link Vectors#whole} entries in {@link Simd} and the rest here, so on a JVM without
 * the Vector API (none whole) this class still loads and runs, on scalar loops alone.
 */
public final class FloatRows {
    private FloatRows() {}

    /** z[p, o] = c[p, o] * (z[p, o] + bias[o]). */
    public static void addBiasTimes(ByteBuffer z, ByteBuffer c, float[] bias, int n, int W) {
        int vec = Vectors.whole(W);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            if (vec > 0) Simd.addBiasTimes(z, c, bias, row, vec);
            for (int o = vec; o < W; o++) z.putFloat((row + o) << 2, c.getFloat((row + o) << 2) * (z.getFloat((row + o) << 2) + bias[o]));
        }
    }

    /** out[p, o] = sum_j mT[j][o] x[p d + j]: the tangent of a layer of few inputs. */
    public static void outer(ByteBuffer out, float[] x, float[][] mT, int n, int W) {
        int d = mT.length, vec = Vectors.whole(W);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            if (vec > 0) Simd.outer(out, x, mT, p * d, row, vec);
            for (int o = vec; o < W; o++) {
                float t = 0;
                for (int j = 0; j < d; j++) t += mT[j][o] * x[p * d + j];
                out.putFloat((row + o) << 2, t);
            }
        }
    }

    /** out[p] = bias + sum_o (a[p, o] wa[o] + b[p, o] wb[o]): a one-output linear layer's tangent. */
    public static void rowDots(ByteBuffer a, float[] wa, ByteBuffer b, float[] wb, double bias, int n, int W, double[] out) {
        int vec = Vectors.whole(W);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            double t = bias;
            if (vec > 0) t = Simd.rowDots(a, wa, b, wb, row, vec, t);
            for (int o = vec; o < W; o++) t += a.getFloat((row + o) << 2) * wa[o] + b.getFloat((row + o) << 2) * wb[o];
            out[p] = t;
        }
    }

    /** acc[o] = sum_p w[p] f(a[p, o]), f(x) = x or x^2 (w null: 1), summed in float64 per block of rows. */
    public static void columnSums(ByteBuffer a, float[] w, boolean square, int n, int W, float[] part, double[] acc) {
        java.util.Arrays.fill(acc, 0, W, 0);
        int vec = Vectors.whole(W);
        for (int from = 0; from < n; from += 64) { // float partial sums of 64 rows, then float64: n can be large
            java.util.Arrays.fill(part, 0, W, 0);
            for (int p = from, row = from * W, to = Math.min(n, from + 64); p < to; p++, row += W) {
                float wp = w == null ? 1 : w[p];
                if (vec > 0) Simd.columnSums(a, wp, square, row, vec, part);
                for (int o = vec; o < W; o++) {
                    float x = a.getFloat((row + o) << 2);
                    part[o] += wp * (square ? x * x : x);
                }
            }
            for (int o = 0; o < W; o++) acc[o] += part[o];
        }
    }

    /** out[p, o] = s[p] w[o] c[p, o]. */
    public static void scaledProduct(ByteBuffer out, float[] s, float[] w, ByteBuffer c, int n, int W) {
        int vec = Vectors.whole(W);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            if (vec > 0) Simd.scaledProduct(out, s[p], w, c, row, vec);
            for (int o = vec; o < W; o++) out.putFloat((row + o) << 2, s[p] * w[o] * c.getFloat((row + o) << 2));
        }
    }

    /** a[i] *= b[i] over {@code len} entries. */
    public static void multiply(ByteBuffer a, ByteBuffer b, int len) {
        int vec = Vectors.whole(len);
        if (vec > 0) Simd.multiply(a, b, vec);
        for (int i = vec; i < len; i++) a.putFloat(i << 2, a.getFloat(i << 2) * b.getFloat(i << 2));
    }

    /** dst[i] = src[i]^2 over {@code len} entries. */
    public static void square(ByteBuffer src, ByteBuffer dst, int len) {
        int vec = Vectors.whole(len);
        if (vec > 0) Simd.square(src, dst, vec);
        for (int i = vec; i < len; i++) { float x = src.getFloat(i << 2); dst.putFloat(i << 2, x * x); }
    }

    /** The passes' whole vectors, for entries [0, vec) of a row starting at {@code row}; loaded only with the Vector API. */
    private static final class Simd {
        static void addBiasTimes(ByteBuffer z, ByteBuffer c, float[] bias, int row, int vec) {
            for (int o = 0; o < vec; o += L) store(load(z, row + o).add(FloatVector.fromArray(S, bias, o)).mul(load(c, row + o)), z, row + o);
        }

        static void outer(ByteBuffer out, float[] x, float[][] mT, int at, int row, int vec) {
            for (int o = 0; o < vec; o += L) {
                FloatVector acc = FloatVector.fromArray(S, mT[0], o).mul(x[at]);
                for (int j = 1; j < mT.length; j++) acc = FloatVector.fromArray(S, mT[j], o).fma(FloatVector.broadcast(S, x[at + j]), acc);
                store(acc, out, row + o);
            }
        }

        /** t plus the vector part's sum, lane by lane. */
        static double rowDots(ByteBuffer a, float[] wa, ByteBuffer b, float[] wb, int row, int vec, double t) {
            FloatVector acc = FloatVector.zero(S);
            for (int o = 0; o < vec; o += L) acc = load(b, row + o).fma(FloatVector.fromArray(S, wb, o), load(a, row + o).fma(FloatVector.fromArray(S, wa, o), acc));
            for (int k = 0; k < L; k++) t += acc.lane(k); // in lane order (see the class comment)
            return t;
        }

        static void columnSums(ByteBuffer a, float wp, boolean square, int row, int vec, float[] part) {
            for (int o = 0; o < vec; o += L) {
                FloatVector x = load(a, row + o);
                if (square) x = x.mul(x);
                x.fma(FloatVector.broadcast(S, wp), FloatVector.fromArray(S, part, o)).intoArray(part, o);
            }
        }

        static void scaledProduct(ByteBuffer out, float s, float[] w, ByteBuffer c, int row, int vec) {
            for (int o = 0; o < vec; o += L) store(FloatVector.fromArray(S, w, o).mul(s).mul(load(c, row + o)), out, row + o);
        }

        static void multiply(ByteBuffer a, ByteBuffer b, int vec) {
            for (int i = 0; i < vec; i += L) store(load(a, i).mul(load(b, i)), a, i);
        }

        static void square(ByteBuffer src, ByteBuffer dst, int vec) {
            for (int i = 0; i < vec; i += L) { FloatVector x = load(src, i); store(x.mul(x), dst, i); }
        }
    }
}
