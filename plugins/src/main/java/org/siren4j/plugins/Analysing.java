package org.siren4j.plugins;

import java.util.List;

/**
 * A plugin that must see a whole clip before it can play (ARA's model): {@link #analyse} runs on a worker
 * thread, reads the clip at random, reports progress, stops when the thread is interrupted, and returns its
 * result as bytes, which the host caches by (clip content hash, the {@link #analysisParams} values, plugin id and
 * version) beside the session. Rendering from the result is then cheap and real-time safe.
 */
public interface Analysing extends Plugin {
    /** The clip as the plugin sees it: samples at {@code sampleRate}, before any insert. */
    record ClipAudio(double sampleRate, float[][] samples) {
        public int frames() { return samples[0].length; }
    }

    interface Progress {
        /** Fraction done, 0..1, and a short word on what is happening. */
        void report(double fraction, String what);
    }

    /** Reads the whole clip and computes what rendering needs; the parameters are those set on the main thread. */
    byte[] analyse(ClipAudio clip, Progress progress) throws InterruptedException;

    /** Ids of the parameters the analysis depends on (the cache key's parameter snapshot); the rest act at render. */
    List<String> analysisParams();
}
