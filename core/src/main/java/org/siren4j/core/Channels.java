package org.siren4j.core;

/**
 * What a forward pass returns: every requested channel of every output at {@code n} points, laid out as
 * {@code data[(channel * outputs + output) * n + point]}. An engine reuses one instance between calls, so
 * copy what must outlive the next call.
 */
public final class Channels {
    private final DerivativeRequest request;
    private final int outputs;
    private final int n;
    private final double[] data;

    public Channels(DerivativeRequest request, int outputs, int n, double[] data) {
        if (data.length < (long) request.channelCount() * outputs * n) throw new IllegalArgumentException("data too short");
        this.request = request;
        this.outputs = outputs;
        this.n = n;
        this.data = data;
    }

    public DerivativeRequest request() { return request; }

    public int outputs() { return outputs; }

    public int points() { return n; }

    /** The backing array (possibly longer than needed), in the layout above. */
    public double[] data() { return data; }

    public int offset(int channel, int output) { return (channel * outputs + output) * n; }

    public double get(int channel, int output, int point) { return data[offset(channel, output) + point]; }

    public double get(ChannelRef ref, int point) { return data[offset(request.channelIndex(ref), ref.output()) + point]; }

    /** A copy of one channel of one output over all points. */
    public double[] channel(ChannelRef ref) {
        double[] out = new double[n];
        System.arraycopy(data, offset(request.channelIndex(ref), ref.output()), out, 0, n);
        return out;
    }

    /** A copy of the value of output 0. */
    public double[] values() { return values(0); }

    /** A copy of the value of one output. */
    public double[] values(int output) {
        if (output < 0 || output >= outputs) throw new IllegalArgumentException("no output " + output + " (" + outputs + " outputs)");
        return channel(ChannelRef.value(output));
    }
}
