package org.siren4j.core.samediff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.siren4j.core.Buf;
import org.siren4j.core.Channels;
import org.siren4j.core.DerivativeRequest;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;

/**
 * The channel equations as an ND4J SameDiff graph, one variable per channel (no stacking, no fusion, no
 * first-layer shortcut: the input channels are the constant matrices x, e_j and 0). SameDiff
 * differentiates it, so this engine is an independent check of {@link FusedEngine}'s hand-written reverse
 * pass, and the portable path to ND4J's other backends. Slow and memory-hungry: tests and small runs only.
 * Its gradient is that of {@code sum(Y * adjoint)}, which by the chain rule equals the loss gradient.
 */
public final class SameDiffEngine implements SirenEngine {
    private SameDiff graph;
    private SirenModel model;
    private DerivativeRequest request;
    private int n;
    private Channels out;
    private int points; // the caller's point count (n may be padded)

    @Override
    public String name() { return "samediff"; }

    @Override
    public Channels forward(SirenModel model, DerivativeRequest request, double[] x, int n) {
        this.model = model;
        this.request = request;
        // ND4J's SameDiff gives every parameter-gradient entry one value when a product's result is 1x1
        // (one point, one output): a second point, with a zero adjoint, keeps every product 2-row.
        this.n = Math.max(n, 2);
        double[] xs = x;
        if (n < 2) {
            int d = model.spec().inputs();
            xs = new double[2 * d];
            System.arraycopy(x, 0, xs, 0, n * d);
        }
        graph = build(model, request, xs, this.n);
        int outs = model.spec().outputs(), c = request.channelCount();
        String[] names = new String[c];
        for (int ch = 0; ch < c; ch++) names[ch] = "y" + ch;
        Map<String, INDArray> res = graph.output(placeholders(null), names);
        double[] data = new double[c * outs * n];
        for (int ch = 0; ch < c; ch++) {
            INDArray yc = res.get("y" + ch);
            for (int o = 0; o < outs; o++)
                for (int p = 0; p < n; p++) data[(ch * outs + o) * n + p] = yc.getDouble(p, o);
        }
        out = new Channels(request, outs, n, data);
        points = n;
        return out;
    }

    @Override
    public void backward(double[] adjoint, List<Buf> grads, boolean accumulate) {
        if (graph == null) throw new IllegalStateException("backward before forward");
        int L = model.spec().linearLayers();
        List<String> vars = new ArrayList<>();
        for (int i = 0; i < L; i++) { vars.add("W" + i); vars.add("b" + i); }
        Map<String, INDArray> g = graph.calculateGradients(placeholders(adjoint), vars);
        for (int k = 0; k < vars.size(); k++) {
            INDArray gi = g.get(vars.get(k)).reshape(grads.get(k).rows(), grads.get(k).cols());
            Buf dst = grads.get(k);
            for (int i = 0; i < dst.length; i++) dst.set(i, gi.getDouble(i) + (accumulate ? dst.get(i) : 0));
        }
    }

    private Map<String, INDArray> placeholders(double[] adjoint) {
        Map<String, INDArray> ph = new HashMap<>();
        int outs = model.spec().outputs();
        for (int ch = 0; ch < request.channelCount(); ch++) {
            INDArray a = Nd4j.zeros(type(model), n, outs);
            if (adjoint != null)
                for (int o = 0; o < outs; o++)
                    for (int p = 0; p < points; p++) a.putScalar(p, o, adjoint[(ch * outs + o) * points + p]);
            ph.put("adj" + ch, a);
        }
        return ph;
    }

    private static DataType type(SirenModel m) { return m.precision() == Precision.FLOAT64 ? DataType.DOUBLE : DataType.FLOAT; }

    /** A copy of a parameter as an ND4J array: the oracle reads the numbers, never the engine's memory. */
    private static INDArray array(Buf b, DataType type) {
        return Nd4j.create(b.toDoubles(), new long[] {b.rows(), b.cols()}, DataType.DOUBLE).castTo(type);
    }

    private static SameDiff build(SirenModel model, DerivativeRequest req, double[] x, int n) {
        SirenSpec spec = model.spec();
        DataType type = type(model);
        int d = spec.inputs(), G = req.gradientCount(), K = req.sumCount(), outs = spec.outputs();
        int[] coords = req.gradientCoordinates();
        SameDiff sd = SameDiff.create();

        // input channels: V = x, G_j = e_j, S_k = 0
        INDArray xa = Nd4j.create(type, n, d);
        for (int p = 0; p < n; p++) for (int j = 0; j < d; j++) xa.putScalar(p, j, x[p * d + j]);
        SDVariable[] h = new SDVariable[1 + G + K];
        h[0] = sd.constant("x", xa);
        for (int g = 0; g < G; g++) {
            INDArray e = Nd4j.zeros(type, n, d);
            e.getColumn(coords[g]).assign(1.0);
            h[1 + g] = sd.constant("e" + g, e);
        }
        for (int k = 0; k < K; k++) h[1 + G + k] = sd.constant("zero" + k, Nd4j.zeros(type, n, d));

        for (int layer = 0; layer < spec.linearLayers(); layer++) {
            SDVariable w = sd.var("W" + layer, array(model.weight(layer), type));
            if (layer == 0 && !spec.unitInputScale()) { // z = W0 diag(scale) x + b0
                INDArray sc = Nd4j.create(type, 1, d);
                for (int j = 0; j < d; j++) sc.putScalar(0, j, spec.inputScale(j));
                w = w.mul(sd.constant("inputScale", sc));
            }
            SDVariable b = sd.var("b" + layer, array(model.bias(layer), type));
            SDVariable[] z = new SDVariable[h.length];
            for (int c = 0; c < h.length; c++) {
                z[c] = sd.mmul(h[c], w, false, true, false);
                if (c == 0) z[c] = z[c].add(b);
            }
            if (layer == spec.linearLayers() - 1) { h = z; break; }
            double om = spec.omega(layer);
            SDVariable u = z[0].mul(om);
            SDVariable s = sd.math.sin(u), cs = sd.math.cos(u);
            SDVariable wc = cs.mul(om);
            SDVariable[] next = new SDVariable[h.length];
            next[0] = s;
            for (int g = 0; g < G; g++) next[1 + g] = wc.mul(z[1 + g]);
            for (int k = 0; k < K; k++) {
                SDVariable t = null;
                for (int g = 0; g < G; g++) {
                    double a = req.sumWeight(k, coords[g]);
                    if (a == 0) continue;
                    SDVariable term = z[1 + g].mul(z[1 + g]).mul(a);
                    t = t == null ? term : t.add(term);
                }
                next[1 + G + k] = wc.mul(z[1 + G + k]).sub(s.mul(t).mul(om * om));
            }
            h = next;
        }
        SDVariable loss = null;
        for (int c = 0; c < h.length; c++) {
            SDVariable yc = sd.identity("y" + c, h[c]);
            SDVariable adj = sd.placeHolder("adj" + c, type, n, outs);
            SDVariable term = yc.mul(adj).sum();
            loss = loss == null ? term : loss.add(term);
        }
        sd.setLossVariables(sd.identity("loss", loss));
        return sd;
    }
}
