package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sine and cosine of whole rows in float32 with the JDK Vector API ({@code Math.sin} does not vectorise),
 * over native-order byte buffers, plus the load/store helpers the layer passes share. Public for the
 * kernel benchmarks; the engine is its only user in the library.
 */
public final class VectorSine {
    private VectorSine() {}

    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    public static final int L = S.length();
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

    static FloatVector load(ByteBuffer b, int index) { return FloatVector.fromByteBuffer(S, b, index << 2, NATIVE); }

    static void store(FloatVector v, ByteBuffer b, int index) { v.intoByteBuffer(b, index << 2, NATIVE); }

    private static FloatVector rint(FloatVector v) { return v.add(ROUND).sub(ROUND); }

    /**
     * s[si + o] = sin(x), c[ci + o] = cos(x) for x = w (z[zi + o] + bias[o]): one reduction, both
     * polynomials, no branches and no masks. Three short loops run as separate {@link Stage}s: JDK 17's C2
     * has a node budget per compilation, and past it vector intrinsics silently fall back to Java code
     * that boxes every vector (a 20x slowdown and garbage on every step). {@code tmp} is a row of W floats.
     */
    public static void sinCosRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer sOut, int si, ByteBuffer cOut, int ci,
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
    public static void sinRow(ByteBuffer z, int zi, float[] bias, float w, ByteBuffer sOut, int si, float[] sign, float[] high, int W) {
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
}
