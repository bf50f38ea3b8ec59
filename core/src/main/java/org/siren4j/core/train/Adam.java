package org.siren4j.core.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.siren4j.core.Buf;
import org.siren4j.core.cpu.ParameterKernels;

/**
 * Adam with PyTorch's defaults and update rule ({@code p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}).
 * The same loop saves each parameter's old value, so a step that turns out bad can be undone for free.
 * Float32 parameters (of a width the vector kernels take) update vectorised with float moments, like
 * PyTorch's; float64 parameters update in double. Its whole state (moments and step count) can be copied
 * out and back (the spike guard's best point) and written to a checkpoint.
 */
public final class Adam {
    private final double beta1, beta2, eps;
    private final List<Buf> params;
    final double[][] m, v;                   // float64 parameters
    private final double[][] previous;
    final float[][] mf, vf;                  // float32 parameters, vectorised
    private final float[][] previousF;
    long t;

    public Adam(List<Buf> params) { this(params, 0.9, 0.999, 1e-8); }

    public Adam(List<Buf> params, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam's betas must lie in [0, 1)");
        if (!(eps > 0)) throw new IllegalArgumentException("Adam's epsilon must be > 0");
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        int k = params.size();
        m = new double[k][]; v = new double[k][]; previous = new double[k][];
        mf = new float[k][]; vf = new float[k][]; previousF = new float[k][];
        for (int i = 0; i < k; i++) {
            int len = Math.toIntExact(params.get(i).length);
            if (ParameterKernels.vectorised(params.get(i))) {
                mf[i] = new float[len]; vf[i] = new float[len]; previousF[i] = new float[len];
            } else {
                m[i] = new double[len]; v[i] = new double[len]; previous[i] = new double[len];
            }
        }
    }

    /** Sum of squared gradient entries: not finite when any entry is NaN or infinite. */
    public static double squaredNorm(List<Buf> grads) {
        double s = 0;
        for (Buf g : grads) s += ParameterKernels.squaredNorm(g);
        return s;
    }

    public void step(List<Buf> grads, double lr) { step(grads, lr, 1.0); }

    /** One update with the gradients multiplied by {@code gradScale} (gradient-norm clipping). */
    public void step(List<Buf> grads, double lr, double gradScale) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        for (int k = 0; k < params.size(); k++) {
            Buf p = params.get(k), g = grads.get(k);
            if (mf[k] != null) {
                ParameterKernels.adam((Buf.F32) p, (Buf.F32) g, mf[k], vf[k], previousF[k],
                        (float) beta1, (float) beta2, (float) (1 / bc2), (float) eps, (float) stepSize, (float) gradScale);
                continue;
            }
            double[] mk = m[k], vk = v[k], prev = previous[k];
            for (int i = 0; i < mk.length; i++) {
                double gi = g.get(i) * gradScale;
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

    /** Copies the moments and step count into {@code other}, an Adam over parameters of the same shapes. */
    void copyStateTo(Adam other) {
        for (int k = 0; k < params.size(); k++) {
            if (mf[k] != null) {
                System.arraycopy(mf[k], 0, other.mf[k], 0, mf[k].length);
                System.arraycopy(vf[k], 0, other.vf[k], 0, vf[k].length);
            } else {
                System.arraycopy(m[k], 0, other.m[k], 0, m[k].length);
                System.arraycopy(v[k], 0, other.v[k], 0, v[k].length);
            }
        }
        other.t = t;
    }

    /** Forgets the moments (a fresh start after a restore that the old moments would spoil). */
    void reset() {
        for (int k = 0; k < params.size(); k++) {
            if (mf[k] != null) { java.util.Arrays.fill(mf[k], 0); java.util.Arrays.fill(vf[k], 0); }
            else { java.util.Arrays.fill(m[k], 0); java.util.Arrays.fill(v[k], 0); }
        }
        t = 0;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(t);
        for (int k = 0; k < params.size(); k++) {
            if (mf[k] != null) { writeFloats(out, mf[k]); writeFloats(out, vf[k]); }
            else { writeDoubles(out, m[k]); writeDoubles(out, v[k]); }
        }
    }

    void read(DataInputStream in) throws IOException {
        t = in.readLong();
        for (int k = 0; k < params.size(); k++) {
            if (mf[k] != null) { readFloats(in, mf[k]); readFloats(in, vf[k]); }
            else { readDoubles(in, m[k]); readDoubles(in, v[k]); }
        }
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException { for (float x : a) out.writeFloat(x); }

    static void writeDoubles(DataOutputStream out, double[] a) throws IOException { for (double x : a) out.writeDouble(x); }

    static void readFloats(DataInputStream in, float[] a) throws IOException { for (int i = 0; i < a.length; i++) a[i] = in.readFloat(); }

    static void readDoubles(DataInputStream in, double[] a) throws IOException { for (int i = 0; i < a.length; i++) a[i] = in.readDouble(); }
}
