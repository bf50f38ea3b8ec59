package org.siren4j.plugins.host;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A session as read from its JSON file: the rate, the channel count (0: mono when every source is mono and nothing
 * is panned, else stereo), tracks of clips or of notes for an instrument, insert chains with automation, and the
 * master bus. Paths are resolved against the session file's folder; parameter values are plain and in range.
 */
public record Session(Path file, int sampleRate, int channels, List<Track> tracks, Bus master) {
    /** A clip on a track; {@code apply}: an operation that makes a new clip of it first (or null). */
    public record ClipRef(Path file, double start, double gain, PluginRef apply, String jsonPath) {}

    /** A plugin, its initial parameter values by stable id, and its sample file (sample instruments; else null). */
    public record PluginRef(String id, Map<String, Double> params, Path sample, String jsonPath) {}

    /** Breakpoints [seconds, value] of one parameter, linear in between; {@code plugin} -1 is the instrument. */
    public record Lane(int plugin, String param, double[][] points) {}

    public record Note(double time, double duration, int pitch, int velocity) {}

    public record Track(String name, List<ClipRef> clips, PluginRef instrument, List<Note> notes, List<PluginRef> inserts,
                        List<Lane> automation, double volumeDb, double pan) {}

    public record Bus(List<PluginRef> inserts, List<Lane> automation, double volumeDb) {}
}
