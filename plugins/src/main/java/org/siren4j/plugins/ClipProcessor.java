package org.siren4j.plugins;

import java.util.List;

/**
 * A whole-clip effect: the first insert of a track of clips. Each clip is analysed ({@link Analysing}); the host
 * hands the plugin the regions it plays ({@link #setRegions}) and {@link #process} plays them by transport
 * position in place of the track's input. A region whose analysis is still pending plays dry.
 */
public interface ClipProcessor extends Analysing {
    /** Where a clip plays: its first sample on the timeline, its length, the analysis (null while pending), the dry samples. */
    record Region(long start, int frames, byte[] analysis, float[][] dry) {}

    /**
     * The regions to play, replacing earlier ones: from the main thread, or from the host's worker when a live
     * session's analysis completes. Publish them atomically (one volatile write): the audio thread never waits.
     */
    void setRegions(List<Region> regions);
}
