package org.siren4j.core.cpu;

import org.siren4j.core.Buf;
import org.siren4j.core.SirenModel;

/** Whether a layer's sine arguments stay where the vector sin/cos is exact ({@link VectorSine#RANGE}); else the scalar pass runs. */
final class SineRange {
    private SineRange() {}

    /** The vector sin/cos reduce exactly up to |w z| = 1e5; a bound on |w z| from the weights decides. */
    static boolean firstLayer(SirenModel m, double xMax) {
        Buf w = m.weight(0), b = m.bias(0);
        int d = m.spec().inputs();
        double zMax = 0;
        for (int o = 0; o < m.spec().hidden(); o++) {
            double t = Math.abs(b.get(o));
            for (int i = 0; i < d; i++) t += Math.abs(w.get(o * d + i)) * m.spec().inputScale(i) * xMax;
            zMax = Math.max(zMax, t);
        }
        return m.spec().omega(0) * zMax < VectorSine.RANGE;
    }

    /** Hidden inputs (values) lie in [-1, 1], so |z| <= max_o (sum_i |W[o,i]| + |b[o]|). */
    static boolean hiddenLayer(SirenModel m, int l) {
        Buf w = m.weight(l), b = m.bias(l);
        int width = m.spec().hidden();
        double zMax = 0;
        for (int o = 0; o < width; o++) {
            double t = Math.abs(b.get(o));
            for (int i = 0; i < width; i++) t += Math.abs(w.get(o * width + i));
            zMax = Math.max(zMax, t);
        }
        return m.spec().omega(l) * zMax < VectorSine.RANGE;
    }

    static double maxAbs(double[] v, int len) {
        double m = 0;
        for (int i = 0; i < len; i++) m = Math.max(m, Math.abs(v[i]));
        return m;
    }
}
