package org.siren4j.plugins;

import java.util.List;

/**
 * A plugin instance, CLAP's model reduced to Java (see docs/plugins.md). Lifecycle on the main thread:
 * {@code init -> [setRenderMode] -> activate -> startProcessing -> process* -> stopProcessing -> deactivate ->
 * destroy}. {@link #activate} is the only place that allocates; sample rate, channel count and frame bounds hold
 * until {@link #deactivate}, and latency changes only there. {@link #process} runs on the audio thread: no
 * allocation, no lock, no I/O, never concurrent with itself. Parameters are plain values; automation arrives as
 * {@link Events#PARAM_VALUE} events at sample offsets, and a plugin that cannot follow per sample splits its
 * work at event times. The output must not depend on the block size.
 */
public interface Plugin {
    /** Effectively infinite tail: the host stops when the output has been quiet for a while. */
    long TAIL_INFINITE = Long.MAX_VALUE;

    Descriptor descriptor();

    List<ParamInfo> params();

    default void init() {}

    default void setRenderMode(RenderMode mode) {}

    /** Allocates what processing needs; {@code channels} is the track's channel count for TRACK_CHANNELS ports. */
    void activate(double sampleRate, int channels, int minFrames, int maxFrames);

    default void startProcessing() {}

    Status process(Block block);

    default void stopProcessing() {}

    default void deactivate() {}

    default void destroy() {}

    /** Clears sound state (voices, filters, delay lines), keeps parameter values. */
    void reset();

    /** Current plain value of parameter {@code index} (main thread). */
    double param(int index);

    /** Sets a parameter outside processing (main thread); the value is clamped into range. */
    void setParam(int index, double value);

    /** The plugin's state, versioned; {@code loadState(saveState())} sounds the same. */
    byte[] saveState();

    void loadState(byte[] state);

    /** Samples of delay the plugin adds; read after activate. */
    default int latency() { return 0; }

    /** Samples of sound after the input ends (TAIL_INFINITE for "until quiet"). */
    default long tail() { return 0; }

    /** Index of the parameter with this stable id, or -1. */
    default int paramIndex(String id) {
        List<ParamInfo> ps = params();
        for (int i = 0; i < ps.size(); i++) if (ps.get(i).id().equals(id)) return i;
        return -1;
    }
}
