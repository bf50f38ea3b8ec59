package org.siren4j.plugins;

import java.util.function.Supplier;

/** A factory from a constructor; the descriptor is read once from an instance (constructors must be cheap). */
public abstract class BaseFactory implements PluginFactory {
    private final Supplier<Plugin> make;
    private Descriptor descriptor;

    protected BaseFactory(Supplier<Plugin> make) { this.make = make; }

    @Override public synchronized Descriptor descriptor() {
        if (descriptor == null) descriptor = make.get().descriptor();
        return descriptor;
    }

    @Override public Plugin create() { return make.get(); }
}
