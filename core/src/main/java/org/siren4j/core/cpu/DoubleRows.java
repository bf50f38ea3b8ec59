package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 passes over row-major [n, W] arrays in native memory (a {@link org.siren4j.core.Buf.F64}'s bytes), for the
 * Levenberg-Marquardt finish's forward pass (its products are float32: {@link FloatRows}): vectorised, so the elementwise work between its GEMMs no longer costs three times the
 * GEMMs themselves (a per-element {@code DoubleBuffer.get} checks bounds on every element and never vectorises).
 * Every sum runs in a fixed order (no floating-point reduceLanes, whose order the implementation chooses and may
 * change when the JIT compiles a loop), so on one machine the results are the same bytes under any load or thread count.
 * As in {@link FloatRows}, the whole vectors are done in {@link Simd}, so without the Vector API this runs scalar.
 */
public final class DoubleRows {
    private static final int LANES = Vectors.AVAILABLE ? Simd.L : 1; // Simd is not loaded without the Vector API

    private DoubleRows() {}

    /** out[p, o] = sum_j mT[j][o] x[p d + j]: a layer of few inputs. */
    public static void outer(ByteBuffer out, double[] x, double[][] mT, int n, int W) {
        int d = mT.length, vec = Vectors.whole(W, LANES);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            if (vec > 0) Simd.outer(out, x, mT, p * d, row, vec);
            for (int o = vec; o < W; o++) {
                double t = 0;
                for (int j = 0; j < d; j++) t += mT[j][o] * x[p * d + j];
                out.putDouble((row + o) << 3, t);
            }
        }
    }

    /** out[p] = bias + sum_o a[p, o] wa[o]: a one-output linear layer. */
    public static void rowDots(ByteBuffer a, double[] wa, double bias, int n, int W, double[] out) {
        int vec = Vectors.whole(W, LANES);
        for (int p = 0, row = 0; p < n; p++, row += W) {
            double t = bias;
            if (vec > 0) t = Simd.rowDots(a, wa, row, vec, t);
            for (int o = vec; o < W; o++) t += a.getDouble((row + o) << 3) * wa[o];
            out[p] = t;
        }
    }

    /** out[at + j] = scale * sum_k taps[k] u[j + k] for j < count: an FIR filter, vectorised over j. */
    public static void correlate(double[] u, double[] taps, double scale, double[] out, int at, int count) {
        int vec = Vectors.whole(count, LANES);
        if (vec > 0) Simd.correlate(u, taps, scale, out, at, vec);
        for (int j = vec; j < count; j++) {
            double t = 0;
            for (int k = 0; k < taps.length; k++) t = Math.fma(u[j + k], taps[k], t);
            out[at + j] = t * scale;
        }
    }

    /**
     * h[p, o] = sin(w (z[p, o] + bias[o])) and c[p, o] = w cos(...), with z read from h: a sine layer's forward pass;
     * {@code hf} and {@code cf} get float32 copies (for the Jacobian products, see {@link FloatRows}).
     * Math.sin and cos, not the vector API's SIN and COS: those are SVML once C2 compiles the loop and a Java fallback
     * before, which differ in the last bits, so a fit's bytes would depend on when the JIT got to it.
     */
    public static void sineLayer(ByteBuffer h, ByteBuffer c, ByteBuffer hf, ByteBuffer cf, double[] bias, double w, int n, int W) {
        for (int p = 0, i = 0; p < n; p++)
            for (int o = 0; o < W; o++, i++) {
                double u = w * (h.getDouble(i << 3) + bias[o]), sin = Math.sin(u), cos = w * Math.cos(u);
                h.putDouble(i << 3, sin);
                c.putDouble(i << 3, cos);
                hf.putFloat(i << 2, (float) sin);
                cf.putFloat(i << 2, (float) cos);
            }
    }

    /** The passes' whole vectors of doubles; loaded only with the Vector API. */
    private static final class Simd {
        private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
        static final int L = S.length();
        private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

        private static DoubleVector load(ByteBuffer b, int i) { return DoubleVector.fromByteBuffer(S, b, i << 3, NATIVE); }

        private static void store(DoubleVector v, ByteBuffer b, int i) { v.intoByteBuffer(b, i << 3, NATIVE); }

        static void outer(ByteBuffer out, double[] x, double[][] mT, int at, int row, int vec) {
            for (int o = 0; o < vec; o += L) {
                DoubleVector acc = DoubleVector.fromArray(S, mT[0], o).mul(x[at]);
                for (int j = 1; j < mT.length; j++) acc = DoubleVector.fromArray(S, mT[j], o).fma(DoubleVector.broadcast(S, x[at + j]), acc);
                store(acc, out, row + o);
            }
        }

        /** t plus the vector part's sum, lane by lane (reduceLanes leaves the order open: see the class comment). */
        static double rowDots(ByteBuffer a, double[] wa, int row, int vec, double t) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int o = 0; o < vec; o += L) acc = load(a, row + o).fma(DoubleVector.fromArray(S, wa, o), acc);
            for (int k = 0; k < L; k++) t += acc.lane(k);
            return t;
        }

        static void correlate(double[] u, double[] taps, double scale, double[] out, int at, int vec) {
            for (int j = 0; j < vec; j += L) {
                DoubleVector acc = DoubleVector.zero(S);
                for (int k = 0; k < taps.length; k++) acc = DoubleVector.fromArray(S, u, j + k).fma(DoubleVector.broadcast(S, taps[k]), acc);
                acc.mul(scale).intoArray(out, at + j);
            }
        }
    }
}
