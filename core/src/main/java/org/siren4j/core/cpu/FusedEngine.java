package org.siren4j.core.cpu;

import java.util.List;
import org.siren4j.core.Buf;
import org.siren4j.core.Channels;
import org.siren4j.core.DerivativeRequest;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;

// Over 400 lines: the scalar reference passes stay beside the vector dispatch they back up, reading the same per-pass
// fields, because a task object per layer and step would allocate on every training step.
/**
 * The hand-written training path. Derivative channels are stacked along the batch axis (row
 * {@code channel * n + point}), so every hidden layer is ONE GEMM into a preallocated buffer, and one fused
 * elementwise pass per layer and direction applies the channel equations of DESIGN.md:
 * <pre>
 *   V' = s,   G_j' = w c g_j,   S_k' = w c q_k - w^2 s sum_j a_kj g_j^2      (s, c = sin, cos of w(z + b))
 * </pre>
 * and their adjoints in reverse. The first layer (1-3 inputs) is computed in the pass itself: its
 * gradient channels are the columns of W_0 and its second-order channels are zero. Buffers are kept
 * between calls and grow only when a larger batch arrives, so a warm training step allocates nothing.
 */
public final class FusedEngine implements SirenEngine {
    private final Workers workers;
    /** Products on the workers, the same bits for any number of them (OpenBLAS's own threads are not). */
    private final ParallelGemm gemm;
    /** BLAS on one thread a call while the engine is open: the products' threads are the workers. */
    private final Blas.Hold blas;
    private final boolean ownsWorkers;
    private boolean closed;

    // shape of the current pass
    private SirenModel model;
    private boolean reversed;          // backward has consumed the last forward's activations
    private DerivativeRequest request;
    private int n, channels, width, inputs, outputs, grads, sums, sineLayers;
    private double omega;              // w of the layer being processed

    private final PassBuffers buf = new PassBuffers();
    private Channels out;

    // float32 vector path (VectorKernels): float copies of small arrays, per-worker float accumulators
    private boolean allowVector = !Boolean.getBoolean("siren.scalar");
    private boolean vectorLayer;       // the layer being processed runs the vector pass
    private boolean valuesOnly;        // rendering: no backward will follow, so no cosines are kept
    private boolean[] inRange = new boolean[0]; // per sine layer: |w z| fits the vector sin/cos, from the forward pass
    private boolean rangesFixed;       // evaluate() checked the ranges once for all its chunks
    private float[] biasF;
    private VectorKernels.Scratch[] scratchF;
    private VectorKernels.Shape shape;  // the pass's shape for the vector kernels (cached per request and batch size)

    // per-block accumulators (per block, not per worker, so their sum is the same on every run)
    private double[][] biasAcc;
    private double[][] firstAccT;      // first-layer weight gradient totals, transposed [i * W + o] (both passes)
    private double[][] scratch;
    private Buf bias, currentAdj;
    private int layer;

    private final Workers.RangeTask firstForward = this::firstForwardRange;
    private final Workers.RangeTask hiddenForward = this::hiddenForwardRange;
    private final Workers.RangeTask hiddenBackward = this::hiddenBackwardRange;
    private final Workers.RangeTask firstBackward = this::firstBackwardRange;

    public FusedEngine() { this(new Workers(Workers.defaultCount()), true); }

    public FusedEngine(Workers workers) { this(workers, false); }

    private FusedEngine(Workers workers, boolean owns) {
        this.workers = workers;
        this.ownsWorkers = owns;
        this.gemm = new ParallelGemm(workers);
        this.blas = Blas.oneThread();
    }

    @Override
    public String name() { return "fused-cpu"; }

    /** Turns the vectorised float32 passes off (or back on): the scalar passes are the reference. */
    public FusedEngine vectorKernels(boolean allow) {
        this.allowVector = allow;
        return this;
    }

    /** Whether float32 passes at this width run vectorised ({@code VectorKernels}). */
    public boolean vectorizes(int width) { return allowVector && Vectors.supports(width); }

    @Override
    public Channels forward(SirenModel model, DerivativeRequest request, double[] xIn, int n) {
        SirenSpec spec = model.spec();
        if (request.inputs() != spec.inputs())
            throw new IllegalArgumentException("request has " + request.inputs() + " inputs, model " + spec.inputs());
        if (xIn.length < (long) n * spec.inputs()) throw new IllegalArgumentException("x holds fewer than n points");
        if (n == 0) { // nothing to compute, and nothing a backward pass could reverse
            this.model = null;
            return new Channels(request, spec.outputs(), 0, new double[0]);
        }
        prepare(model, request, n);
        reversed = false;
        System.arraycopy(xIn, 0, buf.x, 0, n * inputs);
        current.load(model);

        omega = spec.omega(0);
        layer = 0;
        if (inRange.length != sineLayers) inRange = new boolean[sineLayers];
        if (!rangesFixed) inRange[0] = vectorized(model) && SineRange.firstLayer(model, SineRange.maxAbs(buf.x, n * inputs));
        vectorLayer = inRange[0];
        workers.run(n, firstForward);
        int rows = n * channels;
        for (layer = 1; layer < sineLayers; layer++) {
            omega = spec.omega(layer);
            gemm.gemm(false, true, rows, width, width, buf.act[layer - 1], width, model.weight(layer), width, 0, pre(layer), width);
            bias = model.bias(layer);
            if (!rangesFixed) inRange[layer] = vectorized(model) && SineRange.hiddenLayer(model, layer);
            vectorLayer = inRange[layer];
            if (vectorLayer) for (int o = 0; o < width; o++) biasF[o] = (float) bias.get(o);
            workers.run(n, hiddenForward);
        }
        int last = sineLayers;
        gemm.gemm(false, true, rows, outputs, width, buf.act[last - 1], width, model.weight(last), width, 0, buf.y, outputs);
        Buf bOut = model.bias(last);
        for (int c = 0; c < channels; c++)
            for (int o = 0; o < outputs; o++) {
                int base = (c * outputs + o) * n;
                double bo = c == 0 ? bOut.get(o) : 0;
                for (int p = 0; p < n; p++) {
                    buf.outData[base + p] = buf.y.get((c * n + p) * outputs + o) + bo;
                }
            }
        return out;
    }

    /** Values and channels without keeping what a backward pass needs: the value-only case skips cosines. */
    @Override
    public Channels evaluate(SirenModel model, DerivativeRequest request, double[] x, int n) {
        valuesOnly = request.channelCount() == 1;
        try {
            // the weights are fixed for the whole call: check each layer's argument range once, not per chunk
            int S = model.spec().sineLayers();
            if (inRange.length != S) inRange = new boolean[S];
            boolean vec = vectorized(model);
            inRange[0] = vec && SineRange.firstLayer(model, SineRange.maxAbs(x, n * model.spec().inputs()));
            for (int l = 1; l < S; l++) inRange[l] = vec && SineRange.hiddenLayer(model, l);
            rangesFixed = true;
            return SirenEngine.super.evaluate(model, request, x, n);
        } finally {
            valuesOnly = false;
            rangesFixed = false;
            this.model = null; // the buffers no longer hold a pass to reverse
        }
    }

    @Override
    public void backward(double[] adjoint, List<Buf> gradsOut, boolean accumulate) {
        if (model == null) throw new IllegalStateException("backward before forward");
        // the first reverse pass overwrites the activations with adjoints: a second would read garbage
        if (reversed) throw new IllegalStateException("backward called twice after one forward: run forward again first");
        reversed = true;
        SirenSpec spec = model.spec();
        int rows = n * channels, last = sineLayers;
        for (int c = 0; c < channels; c++)
            for (int o = 0; o < outputs; o++) {
                int base = (c * outputs + o) * n;
                for (int p = 0; p < n; p++) buf.yBar.set((c * n + p) * outputs + o, adjoint[base + p]);
            }
        // output layer: dW = Ybar^T H, db = sum of value rows, Hbar = Ybar W
        double beta = accumulate ? 1 : 0;
        gemm.gemm(true, false, outputs, width, rows, buf.yBar, outputs, buf.act[last - 1], width, beta, gradsOut.get(2 * last), width);
        Buf dbOut = gradsOut.get(2 * last + 1);
        for (int o = 0; o < outputs; o++) {
            double s = accumulate ? dbOut.get(o) : 0;
            for (int p = 0; p < n; p++) s += adjoint[o * n + p];
            dbOut.set(o, s);
        }
        gemm.gemm(false, false, rows, width, outputs, buf.yBar, outputs, model.weight(last), width, 0, buf.adjA, width);
        Buf adj = buf.adjA;
        for (layer = last - 1; layer >= 1; layer--) {
            omega = spec.omega(layer);
            currentAdj = adj;
            clear(biasAcc);
            vectorLayer = inRange[layer];
            workers.run(n, hiddenBackward);
            reduceInto(biasAcc, gradsOut.get(2 * layer + 1), width, accumulate);
            gemm.gemm(true, false, width, width, rows, adj, width, buf.act[layer - 1], width, beta, gradsOut.get(2 * layer), width);
            // this layer's activations are spent now: its buffer takes the adjoint of the layer below
            gemm.gemm(false, false, rows, width, width, adj, width, model.weight(layer), width, 0, buf.act[layer], width);
            adj = buf.act[layer];
        }
        omega = spec.omega(0);
        layer = 0;
        currentAdj = adj;
        clear(biasAcc);
        clear(firstAccT);
        vectorLayer = inRange[0];
        workers.run(n, firstBackward);
        reduceInto(biasAcc, gradsOut.get(1), width, accumulate);
        Buf dW0 = gradsOut.get(0);
        for (int o = 0; o < width; o++)
            for (int i = 0; i < inputs; i++) {
                double t = 0;
                for (double[] acc : firstAccT) t += acc[i * width + o];
                t *= spec.inputScale(i); // the gradient of W0 diag(scale) taken back to W0
                dW0.set(o * inputs + i, accumulate ? dW0.get(o * inputs + i) + t : t);
            }
    }

    private boolean vectorized(SirenModel m) {
        return allowVector && m.precision() == Precision.FLOAT32 && Vectors.supports(m.spec().hidden());
    }

    // ---------------------------------------------------------------------------------------- kernels

    private void firstForwardRange(int from, int to, int worker, int block) {
        if (vectorLayer && valuesOnly) {
            VectorKernels.firstForwardValues(from, to, width, inputs, (float) omega, buf.x, current.w0T, current.b0F, bytes(buf.act[0]), scratchF[worker]);
            return;
        }
        if (vectorLayer) {
            VectorKernels.firstForward(shape, (float) omega, from, to, buf.x, current.w0T, current.b0F, current.colF, current.sqF, bytes(buf.act[0]), bytes(buf.cos[0]), scratchF[worker]);
            return;
        }
        final int W = width, d = inputs, G = grads, K = sums, nW = n * W;
        final double w = omega, w2 = w * w;
        final double[] sc = scratch[worker], x = buf.x, w0 = current.w0, b0 = current.b0;
        final double[][] w0Col = current.w0Col, w0Sum = current.w0Sum;
        final Buf h = buf.act[0], cs = buf.cos[0];
        for (int p = from; p < to; p++) {
            int xo = p * d;
            for (int o = 0; o < W; o++) {
                double z = b0[o];
                for (int i = 0; i < d; i++) z += w0[o * d + i] * x[xo + i];
                double s = SinCos.sin(w * z, sc), c = sc[0];
                int idx = p * W + o;
                h.set(idx, s);
                cs.set(idx, c);
                for (int g = 0; g < G; g++) h.set(idx + (1 + g) * nW, w * c * w0Col[g][o]);
                for (int k = 0; k < K; k++) h.set(idx + (1 + G + k) * nW, -w2 * s * w0Sum[k][o]);
            }
        }
    }

    private void hiddenForwardRange(int from, int to, int worker, int block) {
        if (vectorLayer && valuesOnly) {
            VectorKernels.hiddenForwardValues(from, to, width, (float) omega, biasF, bytes(buf.act[layer]), scratchF[worker]);
            return;
        }
        if (vectorLayer) {
            VectorKernels.hiddenForward(shape, (float) omega, from, to, biasF, bytes(pre(layer)), bytes(buf.act[layer]), bytes(buf.cos[layer]), scratchF[worker]);
            return;
        }
        final int W = width, G = grads, K = sums, nW = n * W;
        final double w = omega, w2 = w * w;
        final double[] sc = scratch[worker];
        final double[] gv = gradScratch[worker];
        final Buf h = buf.act[layer], z = pre(layer), cs = buf.cos[layer], b = bias;
        final double[][] a = current.sumWeight;
        for (int p = from; p < to; p++) {
            for (int o = 0; o < W; o++) {
                int idx = p * W + o;
                double s = SinCos.sin(w * (z.get(idx) + b.get(o)), sc), c = sc[0];
                for (int g = 0; g < G; g++) gv[g] = z.get(idx + (1 + g) * nW);
                for (int k = 0; k < K; k++) {
                    double t = 0;
                    for (int g = 0; g < G; g++) t += a[k][g] * gv[g] * gv[g];
                    int si = idx + (1 + G + k) * nW;
                    h.set(si, w * c * z.get(si) - w2 * s * t);
                }
                for (int g = 0; g < G; g++) h.set(idx + (1 + g) * nW, w * c * gv[g]);
                h.set(idx, s);
                cs.set(idx, c);
            }
        }
    }

    private void hiddenBackwardRange(int from, int to, int worker, int block) {
        if (vectorLayer) {
            VectorKernels.backwardHidden(shape, (float) omega, from, to, bytes(pre(layer)), bytes(buf.act[layer]), bytes(buf.cos[layer]),
                    bytes(currentAdj), scratchF[worker], biasAcc[block]);
            return;
        }
        final int W = width, nW = n * W;
        final double[] gv = gradScratch[worker], acc = biasAcc[block];
        final Buf h = buf.act[layer], z = pre(layer), cs = buf.cos[layer], adj = currentAdj;
        for (int p = from; p < to; p++) {
            for (int o = 0; o < W; o++) {
                int idx = p * W + o;
                for (int g = 0; g < grads; g++) gv[g] = z.get(idx + (1 + g) * nW);
                acc[o] += channelAdjoint(adj, idx, nW, h.get(idx), cs.get(idx), gv, z, worker);
            }
        }
    }

    private void firstBackwardRange(int from, int to, int worker, int block) {
        if (vectorLayer) {
            VectorKernels.backwardFirst(shape, (float) omega, from, to, buf.x, current.colF, bytes(buf.act[0]), bytes(buf.cos[0]), bytes(currentAdj),
                    scratchF[worker], biasAcc[block], firstAccT[block]);
            return;
        }
        final int W = width, d = inputs, G = grads, nW = n * W;
        final double[] gv = gradScratch[worker], bAcc = biasAcc[block], wAccT = firstAccT[block];
        final double[] gBar = gradBarScratch[worker], x = buf.x;
        final double[][] w0Col = current.w0Col;
        final int[] gradCoord = current.gradCoord;
        final Buf h = buf.act[0], cs = buf.cos[0], adj = currentAdj;
        for (int p = from; p < to; p++) {
            int xo = p * d;
            for (int o = 0; o < W; o++) {
                int idx = p * W + o;
                for (int g = 0; g < G; g++) gv[g] = w0Col[g][o];
                double zBar = channelAdjoint(adj, idx, nW, h.get(idx), cs.get(idx), gv, null, worker);
                bAcc[o] += zBar;
                for (int i = 0; i < d; i++) wAccT[i * W + o] += zBar * x[xo + i];
                for (int g = 0; g < G; g++) wAccT[gradCoord[g] * W + o] += gBar[g];
            }
        }
    }

    /**
     * Reverse of one sine unit's channel update, in place: reads the output adjoints at {@code idx} (all
     * channels), writes the pre-activation adjoints there, returns z-bar (the bias gradient's term).
     * {@code q} holds the incoming second-order channels (null in the first layer, where they are zero).
     */
    private double channelAdjoint(Buf adj, int idx, int nW, double s, double c, double[] gv, Buf q, int worker) {
        final int G = grads, K = sums;
        final double w = omega, w2 = w * w;
        final double[][] a = current.sumWeight;
        final double[] gBar = gradBarScratch[worker];
        double sBar = adj.get(idx), cBar = 0;
        for (int g = 0; g < G; g++) {
            double gb = adj.get(idx + (1 + g) * nW);
            cBar += w * gb * gv[g];
            gBar[g] = w * c * gb;
        }
        for (int k = 0; k < K; k++) {
            int si = idx + (1 + G + k) * nW;
            double sb = adj.get(si), t = 0;
            for (int g = 0; g < G; g++) {
                t += a[k][g] * gv[g] * gv[g];
                gBar[g] -= 2 * w2 * s * gv[g] * a[k][g] * sb;
            }
            sBar -= w2 * sb * t;
            if (q != null) cBar += w * sb * q.get(si);
            adj.set(si, w * c * sb);
        }
        for (int g = 0; g < G; g++) adj.set(idx + (1 + g) * nW, gBar[g]);
        double zBar = w * (sBar * c - cBar * s);
        adj.set(idx, zBar);
        return zBar;
    }

    // ---------------------------------------------------------------------------------------- setup

    private double[][] gradScratch, gradBarScratch;
    private final java.util.IdentityHashMap<DerivativeRequest, ChannelTables> tables = new java.util.IdentityHashMap<>();

    private ChannelTables current;

    private void prepare(SirenModel m, DerivativeRequest req, int points) {
        SirenSpec spec = m.spec();
        this.model = m;
        this.n = points;
        this.channels = req.channelCount();
        this.width = spec.hidden();
        this.inputs = spec.inputs();
        this.outputs = spec.outputs();
        this.grads = req.gradientCount();
        this.sums = req.sumCount();
        this.sineLayers = spec.sineLayers();
        if (req != request || current.width != width) { // request-derived tables, built once per request and width (groups alternate)
            request = req;
            ChannelTables t = tables.get(req);
            if (t == null || t.width != width) {
                if (tables.size() > 64) tables.clear(); // requests made per call (rendering) must not pile up
                tables.put(req, t = new ChannelTables(req, width));
            }
            current = t;
        }

        buf.ensure(m.precision(), points, channels, sineLayers, width, inputs, outputs);
        int t = workers.count();
        if (scratch == null || scratch.length != t || biasAcc[0].length != width || firstAccT[0].length != width * inputs
                || gradScratch[0].length < grads) {
            scratch = new double[t][1];
            biasAcc = new double[workers.maxBlocks()][width];
            gradScratch = new double[t][Math.max(1, grads)];
            gradBarScratch = new double[t][Math.max(1, grads)];
            firstAccT = new double[workers.maxBlocks()][width * inputs];
            scratchF = new VectorKernels.Scratch[t];
            if (Vectors.AVAILABLE) for (int i = 0; i < t; i++) scratchF[i] = new VectorKernels.Scratch(width, inputs);
            biasF = new float[width];
        }
        points = n;
        shape = current.shape(n);
        out = current.out;
        if (out == null || out.points() != points || out.outputs() != outputs || out.data() != buf.outData)
            out = current.out = new Channels(req, outputs, points, buf.outData);
    }

    private Buf pre(int layer) { return buf.pre(layer, channels); }

    private static java.nio.ByteBuffer bytes(Buf b) { return ((Buf.F32) b).nativeBytes(); }

    private static void clear(double[][] acc) {
        for (double[] a : acc) java.util.Arrays.fill(a, 0);
    }

    private static void reduceInto(double[][] acc, Buf target, int len, boolean accumulate) {
        for (int i = 0; i < len; i++) {
            double s = accumulate ? target.get(i) : 0;
            for (double[] a : acc) s += a[i];
            target.set(i, s);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        blas.close();
        if (ownsWorkers) workers.close();
    }
}
