package org.siren4j.plugins;

import java.util.Set;

/**
 * Static facts about a plugin: a stable reverse-DNS-like id, names, version, features and ports.
 * {@code audioInputs}/{@code audioOutputs}: channels of the main ports, {@link #TRACK_CHANNELS} for "as many as the
 * track" (the host picks the count before activation, as CLAP's audio-ports config does).
 */
public record Descriptor(String id, String name, String vendor, String version, Set<Feature> features,
                         int audioInputs, int audioOutputs, boolean noteInput, String description) {
    public static final int TRACK_CHANNELS = -1;

    public Descriptor {
        if (id == null || !id.matches("[a-z][a-z0-9_.-]*")) throw new IllegalArgumentException("bad plugin id: " + id);
        features = Set.copyOf(features);
    }

    public boolean is(Feature f) { return features.contains(f); }
}
