package org.siren4j.core;

import java.util.List;

/**
 * Adam with PyTorch's defaults and update rule ({@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}).
 * The same loop saves each parameter's old value, so a step that turns out bad can be undone for free.
 */
public final class Adam {
    private final double beta1, beta2, eps;
    private final List<Buf> params;
    private final double[][] m, v, previous;
    private long t;

    public Adam(List<Buf> params) { this(params, 0.9, 0.999, 1e-8); }

    public Adam(List<Buf> params, double beta1, double beta2, double eps) {
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = new double[params.size()][];
        v = new double[params.size()][];
        previous = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            int len = Math.toIntExact(params.get(i).length);
            m[i] = new double[len];
            v[i] = new double[len];
            previous[i] = new double[len];
        }
    }

    /** Sum of squared gradient entries: not finite when any entry is NaN or infinite. */
    public static double squaredNorm(List<Buf> grads) {
        double s = 0;
        for (Buf g : grads) for (int i = 0; i < g.length; i++) { double x = g.get(i); s += x * x; }
        return s;
    }

    public void step(List<Buf> grads, double lr) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        for (int k = 0; k < params.size(); k++) {
            Buf p = params.get(k), g = grads.get(k);
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
            double[] prev = previous[k];
            for (int i = 0; i < prev.length; i++) p.set(i, prev[i]);
        }
    }

    public long steps() { return t; }
}
