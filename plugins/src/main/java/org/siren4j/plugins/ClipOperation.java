package org.siren4j.plugins;

/**
 * "Apply -> new clip": an operation that turns a clip into a new one, possibly of another length or rate (a
 * resampler, a time stretch), after the clip's analysis ({@link Analysing}). The host runs it before playing,
 * writes the new clip beside the session, and places it where the old one was.
 */
public interface ClipOperation extends Analysing {
    /** The new clip at {@code outputRate}, channels first, from the analysis of {@code clip}. */
    float[][] apply(byte[] analysis, ClipAudio clip, double outputRate);
}
