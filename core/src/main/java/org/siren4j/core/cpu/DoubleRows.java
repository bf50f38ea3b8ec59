package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 passes over row-major [n, W] arrays in native memory (a {@link org.siren4j.core.Buf.F64}'s bytes), for the
 * Levenberg-Marquardt finish: vectorised, so the elementwise work between its GEMMs no longer costs three times the
 * GEMMs themselves (a per-element {@code DoubleBuffer.get} checks bounds on every element and never vectorises).
 * Every sum runs in a fixed order (no floating-point reduceLanes, whose order the implementation chooses and may
 * change when the JIT compiles a loop), so on one machine the results are the same bytes under any load or thread count.
 */
public final class DoubleRows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private DoubleRows() {}

    private static DoubleVector load(ByteBuffer b, int i) { return DoubleVector.fromByteBuffer(S, b, i << 3, NATIVE); }

    private static void store(DoubleVector v, ByteBuffer b, int i) { v.intoByteBuffer(b, i << 3, NATIVE); }

    /** z[p, o] = c[p, o] * (z[p, o] + bias[o]). */
    public static void addBiasTimes(ByteBuffer z, ByteBuffer c, double[] bias, int n, int W) {
        int vec = W - W % L;
        for (int p = 0, row = 0; p < n; p++, row += W) {
            int o = 0;
            for (; o < vec; o += L) store(load(z, row + o).add(DoubleVector.fromArray(S, bias, o)).mul(load(c, row + o)), z, row + o);
            for (; o < W; o++) z.putDouble((row + o) << 3, c.getDouble((row + o) << 3) * (z.getDouble((row + o) << 3) + bias[o]));
        }
    }

    /** out[p, o] = sum_j mT[j][o] x[p d + j]: a layer of few inputs. */
    public static void outer(ByteBuffer out, double[] x, double[][] mT, int n, int W) {
        int d = mT.length, vec = W - W % L;
        for (int p = 0, row = 0; p < n; p++, row += W) {
            int o = 0;
            for (; o < vec; o += L) {
                DoubleVector acc = DoubleVector.fromArray(S, mT[0], o).mul(x[p * d]);
                for (int j = 1; j < d; j++) acc = DoubleVector.fromArray(S, mT[j], o).fma(DoubleVector.broadcast(S, x[p * d + j]), acc);
                store(acc, out, row + o);
            }
            for (; o < W; o++) {
                double t = 0;
                for (int j = 0; j < d; j++) t += mT[j][o] * x[p * d + j];
                out.putDouble((row + o) << 3, t);
            }
        }
    }

    /** out[p] = bias + sum_o a[p, o] wa[o] (+ sum_o b[p, o] wb[o] when b is not null): a one-output linear layer. */
    public static void rowDots(ByteBuffer a, double[] wa, ByteBuffer b, double[] wb, double bias, int n, int W, double[] out) {
        int vec = W - W % L;
        for (int p = 0, row = 0; p < n; p++, row += W) {
            DoubleVector acc = DoubleVector.zero(S);
            int o = 0;
            for (; o < vec; o += L) {
                acc = load(a, row + o).fma(DoubleVector.fromArray(S, wa, o), acc);
                if (b != null) acc = load(b, row + o).fma(DoubleVector.fromArray(S, wb, o), acc);
            }
            double t = bias;
            for (int k = 0; k < L; k++) t += acc.lane(k); // in lane order: reduceLanes leaves the order open (see the class comment)
            for (; o < W; o++) {
                t += a.getDouble((row + o) << 3) * wa[o];
                if (b != null) t += b.getDouble((row + o) << 3) * wb[o];
            }
            out[p] = t;
        }
    }

    /** acc[o] = sum_p w[p] f(a[p, o]), f(x) = x or x^2; w null: 1. */
    public static void columnSums(ByteBuffer a, double[] w, boolean square, int n, int W, double[] acc) {
        java.util.Arrays.fill(acc, 0, W, 0);
        int vec = W - W % L;
        for (int p = 0, row = 0; p < n; p++, row += W) {
            double wp = w == null ? 1 : w[p];
            int o = 0;
            for (; o < vec; o += L) {
                DoubleVector x = load(a, row + o);
                if (square) x = x.mul(x);
                x.fma(DoubleVector.broadcast(S, wp), DoubleVector.fromArray(S, acc, o)).intoArray(acc, o);
            }
            for (; o < W; o++) {
                double x = a.getDouble((row + o) << 3);
                acc[o] += wp * (square ? x * x : x);
            }
        }
    }

    /** out[p, o] = s[p] w[o] c[p, o]. */
    public static void scaledProduct(ByteBuffer out, double[] s, double[] w, ByteBuffer c, int n, int W) {
        int vec = W - W % L;
        for (int p = 0, row = 0; p < n; p++, row += W) {
            int o = 0;
            for (; o < vec; o += L) store(DoubleVector.fromArray(S, w, o).mul(s[p]).mul(load(c, row + o)), out, row + o);
            for (; o < W; o++) out.putDouble((row + o) << 3, s[p] * w[o] * c.getDouble((row + o) << 3));
        }
    }

    /** a[i] *= b[i] over {@code len} entries. */
    public static void multiply(ByteBuffer a, ByteBuffer b, int len) {
        int vec = len - len % L, i = 0;
        for (; i < vec; i += L) store(load(a, i).mul(load(b, i)), a, i);
        for (; i < len; i++) a.putDouble(i << 3, a.getDouble(i << 3) * b.getDouble(i << 3));
    }

    /** dst[i] = src[i]^2 over {@code len} entries. */
    public static void square(ByteBuffer src, ByteBuffer dst, int len) {
        int vec = len - len % L, i = 0;
        for (; i < vec; i += L) { DoubleVector x = load(src, i); store(x.mul(x), dst, i); }
        for (; i < len; i++) { double x = src.getDouble(i << 3); dst.putDouble(i << 3, x * x); }
    }

    /**
     * h[p, o] = sin(w (z[p, o] + bias[o])) and c[p, o] = w cos(...), with z read from h: a sine layer's forward pass.
     * Math.sin and cos, not the vector API's SIN and COS: those are SVML once C2 compiles the loop and a Java fallback
     * before, which differ in the last bits, so a fit's bytes would depend on when the JIT got to it.
     */
    public static void sineLayer(ByteBuffer h, ByteBuffer c, double[] bias, double w, int n, int W) {
        for (int p = 0, i = 0; p < n; p++)
            for (int o = 0; o < W; o++, i++) {
                double u = w * (h.getDouble(i << 3) + bias[o]);
                h.putDouble(i << 3, Math.sin(u));
                c.putDouble(i << 3, w * Math.cos(u));
            }
    }
}
