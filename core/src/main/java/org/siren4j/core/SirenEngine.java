package org.siren4j.core;

import java.util.List;

/**
 * Computes a SIREN's value and derivative channels (forward) and the parameter gradients of any loss on
 * them (backward). Clients get one from {@link Engines}. Two implementations: {@code cpu.FusedEngine}, the
 * hand-written training path, and {@code samediff.SameDiffEngine}, a graph of the same equations that ND4J
 * differentiates: the oracle in tests and the road to ND4J's CUDA backend.
 */
public interface SirenEngine extends AutoCloseable {

    /**
     * Forward pass at {@code n} points {@code x[point * inputs + j]}. Keeps what {@link #backward} needs.
     * The result is reused by the next call.
     */
    Channels forward(SirenModel model, DerivativeRequest request, double[] x, int n);

    /**
     * Reverse pass of the last {@link #forward}: given dL/d(channel data) in the layout of {@link Channels},
     * writes dL/d(parameter) into {@code grads}, one array per parameter in {@link SirenModel#parameters()}
     * order (same shapes and data type as the model's).
     */
    default void backward(double[] outputAdjoint, List<Buf> grads) { backward(outputAdjoint, grads, false); }

    /**
     * As {@link #backward(double[], List)}; with {@code accumulate} the gradients are added to what
     * {@code grads} holds, so a batch too large for one pass can be done in chunks.
     */
    void backward(double[] outputAdjoint, List<Buf> grads, boolean accumulate);

    /**
     * Channels at any number of points, computed in chunks so memory stays bounded; returns fresh arrays
     * laid out as {@link Channels}. Chunks of 4096 stacked rows keep a layer's activations (4 MiB at
     * width 256) in cache between the GEMM and the sine pass: rendering runs ~15% faster than with
     * 65536-row chunks on this machine.
     */
    default Channels evaluate(SirenModel model, DerivativeRequest request, double[] x, int n) {
        int chunk = Math.max(1, Math.min(n, 4096 / request.channelCount()));
        int outs = model.spec().outputs(), c = request.channelCount(), d = request.inputs();
        double[] all = new double[c * outs * n];
        double[] xs = new double[chunk * d];
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            System.arraycopy(x, start * d, xs, 0, m * d);
            Channels part = forward(model, request, xs, m);
            for (int ch = 0; ch < c; ch++)
                for (int o = 0; o < outs; o++)
                    System.arraycopy(part.data(), part.offset(ch, o), all, (ch * outs + o) * n + start, m);
        }
        return new Channels(request, outs, n, all);
    }

    /** A human-readable name for reports. */
    String name();

    @Override
    default void close() {}
}
