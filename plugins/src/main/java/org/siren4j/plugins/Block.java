package org.siren4j.plugins;

/**
 * One call's worth of audio: {@code frames} frames, a steady sample counter (the first frame's position since
 * processing started; it never jumps backwards), host-owned buffers {@code [channel][frame]} valid only during
 * the call, the transport position, the input events sorted by time, and a sink for output events. Input and output buffers are
 * distinct arrays (the host copies; a plugin may read its input after writing output).
 */
public final class Block {
    public int frames;
    public long steadyTime;
    /** The timeline position of the first frame in samples (the transport), or -1 when the transport is stopped. */
    public long position = -1;
    public float[][] in;
    public float[][] out;
    public final Events events;
    public final Events outEvents;

    public Block(int channelsIn, int channelsOut, int maxFrames, int eventCapacity) {
        in = new float[channelsIn][maxFrames];
        out = new float[channelsOut][maxFrames];
        events = new Events(eventCapacity);
        outEvents = new Events(Math.max(16, eventCapacity));
    }

    /** Copies the input to the output, channel by channel (mono input fills every output channel). */
    public void passThrough() {
        for (int c = 0; c < out.length; c++) System.arraycopy(in[Math.min(c, in.length - 1)], 0, out[c], 0, frames);
    }
}
