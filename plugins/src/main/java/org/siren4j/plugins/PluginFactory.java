package org.siren4j.plugins;

/** Found by {@link java.util.ServiceLoader}: one factory per plugin kind, listed in META-INF/services. */
public interface PluginFactory {
    Descriptor descriptor();

    Plugin create();
}
