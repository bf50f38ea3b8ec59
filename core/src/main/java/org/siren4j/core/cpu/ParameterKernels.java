package org.siren4j.core.cpu;

import org.siren4j.core.Buf;
import org.siren4j.core.train.Adam;

/**
 * The optimiser's elementwise work on whole parameter arrays, vectorised where the array's length is a
 * multiple of the vector length: the training package reaches the vector kernels only through here.
 */
public final class ParameterKernels {
    private ParameterKernels() {}

    /** Whether {@link #adam} runs vectorised on this parameter (float32, a length the vectors take). */
    public static boolean vectorised(Buf p) { return p instanceof Buf.F32 && Vectors.supports(p.length); }

    /**
     * Adam on a float32 parameter with float moments: {@code g' = gradScale g}, moments updated,
     * {@code p -= stepSize m / (sqrt(v) invBc2 + eps)}; the old values go to {@code prev} for an undo.
     */
    public static void adam(Buf.F32 p, Buf.F32 g, float[] m, float[] v, float[] prev, float b1, float b2,
                            float invBc2, float eps, float stepSize, float gradScale) {
        VectorKernels.adam(p.nativeBytes(), g.nativeBytes(), m, v, prev, b1, b2, invBc2, eps, stepSize, gradScale);
    }

    /** Sum of squared entries: not finite when any entry is NaN or infinite. */
    public static double squaredNorm(Buf g) {
        if (g instanceof Buf.F32 f && Vectors.supports(g.length)) return VectorKernels.squaredNorm(f.nativeBytes(), (int) g.length);
        double s = 0;
        for (int i = 0; i < g.length; i++) { double x = g.get(i); s += x * x; }
        return s;
    }
}
