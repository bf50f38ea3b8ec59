package org.siren4j.core;

import java.util.List;

/**
 * Adam with PyTorch's defaults and update rule ({@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}).
 * The same loop saves each parameter's old value, so a step that turns out bad can be undone for free.
 * Float32 parameters (of a width the vector kernels take) update vectorised with float moments, like
 * PyTorch's; float64 parameters update in double.
 */
public final class Adam {
    private final double beta1, beta2, eps;
    private final List<Buf> params;
    private final double[][] m, v, previous;      // float64 parameters
    private final float[][] mf, vf, previousF;    // float32 parameters, vectorised
    private long t;

    public Adam(List<Buf> params) { this(params, 0.9, 0.999, 1e-8); }

    public Adam(List<Buf> params, double beta1, double beta2, double eps) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        int k = params.size();
        m = new double[k][]; v = new double[k][]; previous = new double[k][];
        mf = new float[k][]; vf = new float[k][]; previousF = new float[k][];
        for (int i = 0; i < k; i++) {
            int len = Math.toIntExact(params.get(i).length);
            if (vectorised(params.get(i))) {
                mf[i] = new float[len]; vf[i] = new float[len]; previousF[i] = new float[len];
            } else {
                m[i] = new double[len]; v[i] = new double[len]; previous[i] = new double[len];
            }
        }
    }

    private static boolean vectorised(Buf p) { return p instanceof Buf.F32 && Vectors.supports(p.length); }

    /** Sum of squared gradient entries: not finite when any entry is NaN or infinite. */
    public static double squaredNorm(List<Buf> grads) {
        double s = 0;
        for (Buf g : grads) s += g instanceof Buf.F32 f && Vectors.supports(g.length)
                ? VectorKernels.squaredNorm(f.bytes, (int) g.length) : scalarSquaredNorm(g);
        return s;
    }

    private static double scalarSquaredNorm(Buf g) {
        double s = 0;
        for (int i = 0; i < g.length; i++) { double x = g.get(i); s += x * x; }
        return s;
    }

    public void step(List<Buf> grads, double lr) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        for (int k = 0; k < params.size(); k++) {
            Buf p = params.get(k), g = grads.get(k);
            if (mf[k] != null) {
                VectorKernels.adam(((Buf.F32) p).bytes, ((Buf.F32) g).bytes, mf[k], vf[k], previousF[k],
                        (float) beta1, (float) beta2, (float) (1 / bc2), (float) eps, (float) stepSize);
                continue;
            }
            double[] mk = m[k], vk = v[k], prev = previous[k];
            for (int i = 0; i < mk.length; i++) {
                double gi = g.get(i);
                double mi = beta1 * mk[i] + (1 - beta1) * gi;
                double vi = beta2 * vk[i] + (1 - beta2) * gi * gi;
                mk[i] = mi;
                vk[i] = vi;
                double pi = p.get(i);
                prev[i] = pi;
                p.set(i, pi - stepSize * mi / (Math.sqrt(vi) / bc2 + eps));
            }
        }
    }

    /** Puts back the parameters as they were before the last {@link #step}. */
    public void undo() {
        for (int k = 0; k < params.size(); k++) {
            Buf p = params.get(k);
            if (previousF[k] != null) for (int i = 0; i < previousF[k].length; i++) p.set(i, previousF[k][i]);
            else for (int i = 0; i < previous[k].length; i++) p.set(i, previous[k][i]);
        }
    }

    public long steps() { return t; }
}
