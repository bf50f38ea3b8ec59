package org.siren4j.core.cpu;

import static org.siren4j.core.cpu.VectorSine.L;
import static org.siren4j.core.cpu.VectorSine.S;
import static org.siren4j.core.cpu.VectorSine.load;
import static org.siren4j.core.cpu.VectorSine.store;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import org.siren4j.core.Buf;
import org.siren4j.core.train.Adam;

/**
 * The optimiser's elementwise work on whole parameter arrays, vectorised where the array's length is a
 * multiple of the vector length: the training package reaches the vector kernels only through here. Without the
 * Vector API, {@link #vectorised} says no and the optimiser runs its scalar loop.
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
        Simd.adam(p.nativeBytes(), g.nativeBytes(), m, v, prev, b1, b2, invBc2, eps, stepSize, gradScale);
    }

    /** Sum of squared entries: not finite when any entry is NaN or infinite. */
    public static double squaredNorm(Buf g) {
        if (g instanceof Buf.F32 f && Vectors.supports(g.length)) return Simd.squaredNorm(f.nativeBytes(), (int) g.length);
        double s = 0;
        for (int i = 0; i < g.length; i++) { double x = g.get(i); s += x * x; }
        return s;
    }

    /** The vectorised bodies; loaded only when {@link #vectorised} or {@link Vectors#supports} said yes. */
    private static final class Simd {
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
}
