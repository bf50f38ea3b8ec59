package org.siren4j.cli.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.cli.Reports;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.PluginFactory;
import org.siren4j.plugins.Plugins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plugins", header = "List the plugins and their parameters (id, range, default, unit).", mixinStandardHelpOptions = true)
public final class PluginsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "as JSON, for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Map<String, Object>> all = new ArrayList<>();
        for (PluginFactory f : Plugins.all()) {
            Descriptor d = f.descriptor();
            Plugin p = f.create();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("name", d.name());
            m.put("vendor", d.vendor());
            m.put("version", d.version());
            m.put("features", d.features().stream().map(x -> x.name().toLowerCase(Locale.ROOT).replace('_', '-')).sorted().toList());
            m.put("audio_inputs", ports(d.audioInputs()));
            m.put("audio_outputs", ports(d.audioOutputs()));
            m.put("note_input", d.noteInput());
            m.put("description", d.description());
            List<Map<String, Object>> params = new ArrayList<>();
            for (ParamInfo i : p.params()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("id", i.id());
                q.put("name", i.name());
                q.put("min", i.min());
                q.put("max", i.max());
                q.put("default", i.defaultValue());
                q.put("unit", i.unit());
                q.put("flags", i.flags().stream().map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList());
                if (i.labels().length > 0) q.put("values", List.of(i.labels()));
                params.add(q);
            }
            m.put("params", params);
            all.add(m);
        }
        if (json) {
            System.out.println(Reports.toJson(all));
            return 0;
        }
        for (Map<String, Object> m : all) {
            System.out.printf("%s  %s (%s %s) %s: %s%n", m.get("id"), m.get("name"), m.get("vendor"), m.get("version"), m.get("features"), m.get("description"));
            @SuppressWarnings("unchecked") List<Map<String, Object>> params = (List<Map<String, Object>>) m.get("params");
            for (Map<String, Object> q : params) {
                Object values = q.get("values");
                String range = values != null ? String.join("|", (List<String>) values)
                        : String.format(Locale.ROOT, "%s..%s", num((double) q.get("min")), num((double) q.get("max")));
                System.out.printf("    %-14s %-18s %-28s default %s%s%n", q.get("id"), q.get("name"), range,
                        values != null ? ((List<?>) values).get((int) (double) q.get("default")) : num((double) q.get("default")),
                        ((String) q.get("unit")).isEmpty() ? "" : " " + q.get("unit"));
            }
        }
        return 0;
    }

    private static Object ports(int n) { return n == Descriptor.TRACK_CHANNELS ? "track" : n; }

    private static String num(double v) { return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4g", v); }
}
