package org.siren4j.core.cpu;

import org.siren4j.core.Buf;
import org.siren4j.core.Precision;

/**
 * The fused engine's activation buffers for one pass, [points x channels, width] per sine layer. They only grow, so
 * point groups with other channel counts and batch sizes share them, and a training step allocates nothing once they
 * are big enough. Without derivative channels a layer works in place: Z aliases H.
 */
final class PassBuffers {
    Buf[] act, pre, cos;       // per sine layer: output H, pre-activation Z (null for layer 0), cos
    Buf y, yBar, adjA;         // outputs, their adjoint, the last sine layer's adjoint
    double[] x;                // the batch's coordinates, kept for the first layer's backward
    double[] outData;          // the outputs as Channels hands them out
    private Precision type;
    private long capacityRows = -1;
    private int capacityPoints = -1, capacityChannels = -1;

    /** Makes room for {@code points x channels} rows of a network of this shape; true when the buffers were replaced. */
    boolean ensure(Precision precision, int points, int channels, int sineLayers, int width, int inputs, int outputs) {
        long rows = (long) points * channels;
        if (rows * width > Integer.MAX_VALUE)
            throw new IllegalArgumentException("batch too large for one pass: " + points + " points x " + channels + " channels");
        boolean sameShape = act != null && precision == type && act.length == sineLayers && act[0].cols() == width
                && y.cols() == outputs && x.length >= capacityPoints * inputs;
        if (sameShape && rows <= capacityRows && points <= capacityPoints && !(channels > 1 && capacityChannels == 1)) return false;
        if (sameShape) {
            rows = Math.max(rows, capacityRows);
            points = Math.max(points, capacityPoints);
        } else {
            capacityChannels = -1;
        }
        act = null; pre = null; cos = null; y = yBar = adjA = null; // let the old buffers go before the new ones come
        type = precision;
        capacityRows = rows;
        capacityPoints = points;
        capacityChannels = Math.max(channels, capacityChannels);
        act = new Buf[sineLayers];
        pre = new Buf[sineLayers];
        cos = new Buf[sineLayers];
        for (int i = 0; i < sineLayers; i++) {
            act[i] = Buf.create(type, rows, width);
            // without derivative channels the pass works in place: nothing but s and c is needed later
            pre[i] = i == 0 ? null : capacityChannels == 1 ? act[i] : Buf.create(type, rows, width);
            cos[i] = Buf.create(type, points, width);
        }
        y = Buf.create(type, rows, outputs);
        yBar = Buf.create(type, rows, outputs);
        adjA = Buf.create(type, rows, width);
        x = new double[points * inputs];
        outData = new double[(int) rows * outputs];
        return true;
    }

    /** Z of a sine layer: a pass without derivative channels works in place on H. */
    Buf pre(int layer, int channels) { return channels == 1 ? act[layer] : pre[layer]; }
}
