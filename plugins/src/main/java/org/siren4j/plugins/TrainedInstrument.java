package org.siren4j.plugins;

/**
 * An instrument whose sound is a network trained before it plays (no sample): the training is its analysis
 * ({@link Analysing}, of an empty clip; cached by its analysis parameters), and every note plays from the result.
 */
public interface TrainedInstrument extends Analysing {
    /** The clip a trained instrument's analysis is given: nothing. */
    ClipAudio NO_CLIP = new ClipAudio(0, new float[1][0]);

    /**
     * The training's result (null while pending: the instrument is silent meanwhile). Main thread before
     * activation, or the host's worker when a live session's training completes: publish atomically.
     */
    void setTrained(byte[] analysis);
}
