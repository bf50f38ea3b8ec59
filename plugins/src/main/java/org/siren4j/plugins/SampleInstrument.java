package org.siren4j.plugins;

/**
 * An instrument built from a sample (the session's {@code "sample": FILE}): the sample is analysed once
 * ({@link Analysing}, cached like a clip's analysis) and every note plays from that result.
 */
public interface SampleInstrument extends Analysing {
    /**
     * The sample and its analysis (null while pending: play the dry sample meanwhile). Called on the main thread
     * before activation, or from the host's worker when a live session's analysis completes: publish atomically.
     */
    void setSample(ClipAudio sample, byte[] analysis);
}
