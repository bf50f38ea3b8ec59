package org.siren4j.cli.solve;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's own defaults for the options it shares with the other solves ({@link SolveOptions}):
 * the mixin declares an option once, each command says its default here, and help
 * shows it through {@code ${DEFAULT-VALUE}}. Subclass with a no-argument constructor and name the subclass in
 * {@code @Command(defaultValueProvider = ...)}.
 */
abstract class OptionDefaults implements IDefaultValueProvider {
    private final Map<String, String> values = new HashMap<>();

    /** Pairs of option name and default, e.g. {@code "--width", "128", "--steps", "6000"}. */
    OptionDefaults(String... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("option, value pairs");
        for (int i = 0; i < pairs.length; i += 2) values.put(pairs[i], pairs[i + 1]);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec o ? values.get(o.longestName()) : null;
    }
}
