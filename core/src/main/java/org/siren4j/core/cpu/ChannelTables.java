package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import org.siren4j.core.Buf;
import org.siren4j.core.Channels;
import org.siren4j.core.DerivativeRequest;
import org.siren4j.core.SirenModel;

/**
 * What a derivative request fixes for the fused passes at one width: which coordinate each gradient channel is, the
 * weights of the second-order sums, the output view; and the first layer's constants for the current weights
 * ({@link #load}), whose derivative channels do not depend on the point. Built once per request and width: the engine
 * keeps one per request, since point groups with different requests alternate within a step.
 */
final class ChannelTables {
    final int width, inputs, grads, sums;
    final int[] gradCoord;            // coordinate of each gradient channel
    final double[][] sumWeight;       // a[k][g]: weight of gradient channel g in sum k
    final float[] aF;
    final double[] w0, b0;            // W_0 diag(inputScale) [width, inputs], b_0
    final double[][] w0Col, w0Sum;    // [g][o] = W_0[o, coord_g]; [k][o] = sum_g a_kg W_0[o, coord_g]^2
    final float[] b0F;
    final ByteBuffer w0T, colF, sqF;  // float32: W_0 transposed, and the first layer's G and S row constants
    Channels out;
    private VectorKernels.Shape shape;

    ChannelTables(DerivativeRequest req, int width) {
        this.width = width;
        this.inputs = req.inputs();
        int G = grads = req.gradientCount(), K = sums = req.sumCount();
        gradCoord = req.gradientCoordinates();
        sumWeight = new double[K][G];
        aF = new float[Math.max(1, K * G)];
        for (int k = 0; k < K; k++)
            for (int g = 0; g < G; g++) {
                sumWeight[k][g] = req.sumWeight(k, gradCoord[g]);
                aF[k * G + g] = (float) sumWeight[k][g];
            }
        w0 = new double[width * inputs];
        b0 = new double[width];
        w0Col = new double[G][width];
        w0Sum = new double[K][width];
        b0F = new float[width];
        w0T = Vectors.direct(width * inputs);
        colF = Vectors.direct(G * width);
        sqF = Vectors.direct(K * width);
    }

    /** The vector kernels' view of a pass of {@code n} points; the same object while the batch size stays. */
    VectorKernels.Shape shape(int n) {
        if (shape == null || shape.n() != n) shape = new VectorKernels.Shape(n, width, inputs, grads, sums, aF, gradCoord);
        return shape;
    }

    /** The first layer's constants for the model's current weights (the input scale folds in: z = W0 diag(scale) x + b0). */
    void load(SirenModel model) {
        Buf w = model.weight(0), b = model.bias(0);
        for (int i = 0; i < w0.length; i++) w0[i] = w.get(i) * model.spec().inputScale(i % inputs);
        for (int o = 0; o < width; o++) b0[o] = b.get(o);
        for (int g = 0; g < grads; g++)
            for (int o = 0; o < width; o++) w0Col[g][o] = w0[o * inputs + gradCoord[g]];
        for (int k = 0; k < sums; k++)
            for (int o = 0; o < width; o++) {
                double t = 0;
                for (int g = 0; g < grads; g++) t += sumWeight[k][g] * w0Col[g][o] * w0Col[g][o];
                w0Sum[k][o] = t;
            }
        for (int o = 0; o < width; o++) {
            b0F[o] = (float) b0[o];
            for (int i = 0; i < inputs; i++) w0T.putFloat(4 * (i * width + o), (float) w0[o * inputs + i]);
            for (int g = 0; g < grads; g++) colF.putFloat(4 * (g * width + o), (float) w0Col[g][o]);
            for (int k = 0; k < sums; k++) sqF.putFloat(4 * (k * width + o), (float) w0Sum[k][o]);
        }
    }
}
