package org.siren4j.plugins;

import java.util.List;

/**
 * A whole-clip effect in ARA's "analyse, then render" model. {@link #analyse} runs on a worker thread, reads the
 * clip at random, reports progress, stops when the thread is interrupted, and returns its result as bytes the
 * host caches by (clip content hash, parameter snapshot, plugin version) beside the session. The host then hands
 * the plugin the regions it plays ({@link #setRegions}); {@link #process} plays them by transport position,
 * cheaply and real-time safe. A region whose analysis is still pending plays dry.
 */
public interface ClipProcessor extends Plugin {
    /** The clip as the plugin sees it: the source's samples at the session rate, before any insert. */
    record ClipAudio(double sampleRate, float[][] samples) {
        public int frames() { return samples[0].length; }
    }

    /**
     * Where a clip plays: its first sample on the timeline, its length, the analysis (null while pending) and the
     * dry samples (played while pending). The plugin replaces the track's input with its regions.
     */
    record Region(long start, int frames, byte[] analysis, float[][] dry) {}

    interface Progress {
        /** Fraction done, 0..1, and a short word on what is happening. */
        void report(double fraction, String what);
    }

    /** Reads the whole clip and computes what rendering needs; the parameters are those set on the main thread. */
    byte[] analyse(ClipAudio clip, Progress progress) throws InterruptedException;

    /**
     * The regions to play, replacing earlier ones: from the main thread, or from the host's worker when a live
     * session's analysis completes. Publish them atomically (one volatile write): the audio thread never waits.
     */
    void setRegions(List<Region> regions);

    /** Ids of the parameters the analysis depends on (the cache key's parameter snapshot); the rest act at render. */
    List<String> analysisParams();
}
