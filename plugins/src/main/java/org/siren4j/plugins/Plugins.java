package org.siren4j.plugins;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The plugins on the class path, found through {@link ServiceLoader}. */
public final class Plugins {
    private Plugins() {}

    /** Scanned once: a session's checks and the mixer ask for plugins many times. */
    private static final class Found {
        static final List<PluginFactory> ALL = scan();

        private static List<PluginFactory> scan() {
            List<PluginFactory> out = new ArrayList<>();
            ServiceLoader.load(PluginFactory.class).forEach(out::add);
            out.sort(Comparator.comparing(f -> f.descriptor().id()));
            return List.copyOf(out);
        }
    }

    public static List<PluginFactory> all() { return Found.ALL; }

    /** Plugin {@code id}'s descriptor without making an instance; empty for an unknown id. */
    public static java.util.Optional<Descriptor> descriptor(String id) {
        return all().stream().map(PluginFactory::descriptor).filter(d -> d.id().equals(id)).findFirst();
    }

    /** A new instance of plugin {@code id}; an unknown id is refused with the known ones listed. */
    public static Plugin create(String id) {
        List<PluginFactory> all = all();
        for (PluginFactory f : all) if (f.descriptor().id().equals(id)) return f.create();
        throw new IllegalArgumentException("unknown plugin '" + id + "' (known: "
                + all.stream().map(f -> f.descriptor().id()).collect(Collectors.joining(", ")) + ")");
    }
}
