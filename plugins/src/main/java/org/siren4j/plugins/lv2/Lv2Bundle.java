package org.siren4j.plugins.lv2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Feature;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.SampleInstrument;

/**
 * Writes an LV2 bundle: {@code manifest.ttl}, one {@code .ttl} per plugin from its descriptor and parameters
 * (stereo audio ports, one control port per parameter with its range, default and unit), and the files the
 * shim reads at load: {@code siren-plugins.txt} (URI, id and port counts), {@code classpath.txt} (the jars in
 * {@code lib/}), {@code jvm.txt} (where libjvm.so is).
 */
public final class Lv2Bundle {
    public static final String URI_BASE = "https://siren4j.org/lv2/";

    private Lv2Bundle() {}

    public static String uri(String id) { return URI_BASE + id; }

    /** The Turtle and text files of the bundle for these plugin ids (the shim and jars are placed by the caller). */
    public static void writeDescriptions(Path dir, List<String> ids, List<String> jars, Path libjvm) throws IOException {
        Files.createDirectories(dir);
        StringBuilder manifest = new StringBuilder(prefixes()), list = new StringBuilder();
        for (String id : ids) {
            Plugin p = Plugins.create(id);
            Descriptor d = p.descriptor();
            p.init();
            p.activate(48000, 2, 1, 4096); // latency is known after activation
            boolean latency = p.latency() > 0, sample = p instanceof SampleInstrument;
            p.deactivate();
            p.destroy();
            int ins = Lv2Bridge.inputs(d), outs = Lv2Bridge.outputs(d);
            manifest.append(String.format(Locale.ROOT, "<%s> a lv2:Plugin ;\n    lv2:binary <siren_lv2.so> ;\n    rdfs:seeAlso <%s.ttl> .\n\n", uri(id), id));
            list.append(String.format(Locale.ROOT, "%s %s %d %d %d %d %d %d%n", uri(id), id, ins, outs, p.params().size(), d.noteInput() ? 1 : 0,
                    latency ? 1 : 0, sample ? 1 : 0));
            Files.writeString(dir.resolve(id + ".ttl"), plugin(p, ins, outs, latency, sample));
        }
        Files.writeString(dir.resolve("manifest.ttl"), manifest.toString());
        Files.writeString(dir.resolve("siren-plugins.txt"), list.toString());
        Files.writeString(dir.resolve("classpath.txt"), String.join("\n", jars) + "\n");
        Files.writeString(dir.resolve("jvm.txt"), libjvm.toAbsolutePath() + "\n");
    }

    private static String prefixes() {
        return "@prefix lv2: <http://lv2plug.in/ns/lv2core#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                + "@prefix atom: <http://lv2plug.in/ns/ext/atom#> .\n@prefix midi: <http://lv2plug.in/ns/ext/midi#> .\n@prefix urid: <http://lv2plug.in/ns/ext/urid#> .\n"
                + "@prefix doap: <http://usefulinc.com/ns/doap#> .\n@prefix patch: <http://lv2plug.in/ns/ext/patch#> .\n@prefix state: <http://lv2plug.in/ns/ext/state#> .\n"
                + "@prefix work: <http://lv2plug.in/ns/ext/worker#> .\n@prefix units: <http://lv2plug.in/ns/extensions/units#> .\n\n";
    }

    /** The sampler's sample: an LV2 file parameter (hosts show a file chooser; patch:Set messages and the state carry it). */
    public static String sampleProperty(String id) { return uri(id) + "#sample"; }

    /**
     * Port order (the shim's too): audio inputs, audio outputs, the atom input (MIDI, and patch messages for the
     * sampler's file), the controls, the latency output.
     */
    static String plugin(Plugin p, int ins, int outs, boolean latency, boolean sample) {
        Descriptor d = p.descriptor();
        StringBuilder s = new StringBuilder(prefixes());
        String kind = d.is(Feature.INSTRUMENT) ? "lv2:InstrumentPlugin" : d.id().equals("eq") ? "lv2:EQPlugin" : d.id().equals("gain") ? "lv2:AmplifierPlugin" : "lv2:UtilityPlugin";
        s.append(String.format(Locale.ROOT, "<%s>\n    a lv2:Plugin , %s ;\n    lv2:binary <siren_lv2.so> ;\n    doap:name \"%s\" ;\n"
                + "    doap:license <https://spdx.org/licenses/Apache-2.0> ;\n    lv2:optionalFeature lv2:hardRTCapable ;\n"
                + "    lv2:%s urid:map ;\n    lv2:extensionData state:interface ;\n", uri(d.id()), kind, d.name(),
                d.noteInput() || sample ? "requiredFeature" : "optionalFeature")); // effects run without it (lv2apply), with no state
        if (sample)
            s.append("    lv2:optionalFeature work:schedule ;\n    lv2:extensionData work:interface ;\n    patch:writable <").append(sampleProperty(d.id())).append("> ;\n");
        List<String> ports = new ArrayList<>();
        int index = 0;
        for (int c = 0; c < ins; c++, index++)
            ports.add(String.format(Locale.ROOT, "[\n        a lv2:AudioPort , lv2:InputPort ;\n        lv2:index %d ;\n        lv2:symbol \"in_%d\" ;\n        lv2:name \"In %d\"\n    ]", index, c + 1, c + 1));
        for (int c = 0; c < outs; c++, index++)
            ports.add(String.format(Locale.ROOT, "[\n        a lv2:AudioPort , lv2:OutputPort ;\n        lv2:index %d ;\n        lv2:symbol \"out_%d\" ;\n        lv2:name \"Out %d\"\n    ]", index, c + 1, c + 1));
        if (d.noteInput()) {
            ports.add(String.format(Locale.ROOT, "[\n        a atom:AtomPort , lv2:InputPort ;\n        atom:bufferType atom:Sequence ;\n"
                    + "        atom:supports midi:MidiEvent%s ;\n        lv2:designation lv2:control ;\n        lv2:index %d ;\n        lv2:symbol \"midi_in\" ;\n"
                    + "        lv2:name \"MIDI in\"\n    ]", sample ? " , patch:Message" : "", index++));
        }
        for (ParamInfo q : p.params()) {
            StringBuilder port = new StringBuilder(String.format(Locale.ROOT,
                    "[\n        a lv2:InputPort , lv2:ControlPort ;\n        lv2:index %d ;\n        lv2:symbol \"%s\" ;\n        lv2:name \"%s\" ;\n"
                            + "        lv2:default %s ;\n        lv2:minimum %s ;\n        lv2:maximum %s", index++, q.id(), q.name(),
                    num(q.defaultValue()), num(q.min()), num(q.max())));
            if (q.stepped()) port.append(" ;\n        lv2:portProperty lv2:integer");
            if (q.labels().length > 0) {
                port.append(" ;\n        lv2:portProperty lv2:enumeration");
                for (int k = 0; k < q.labels().length; k++)
                    port.append(String.format(Locale.ROOT, " ;\n        lv2:scalePoint [ rdfs:label \"%s\" ; rdf:value %s ]", q.labels()[k], num(q.min() + k)));
            }
            String unit = switch (q.unit()) {
                case "dB" -> "units:db";
                case "Hz" -> "units:hz";
                case "ms" -> "units:ms";
                case "s" -> "units:s";
                case "cents" -> "units:cent";
                default -> null;
            };
            if (unit != null) port.append(" ;\n        units:unit ").append(unit);
            port.append("\n    ]");
            ports.add(port.toString());
        }
        if (latency)
            ports.add(String.format(Locale.ROOT, "[\n        a lv2:OutputPort , lv2:ControlPort ;\n        lv2:index %d ;\n        lv2:symbol \"latency\" ;\n"
                    + "        lv2:name \"Latency\" ;\n        lv2:designation lv2:latency ;\n        lv2:portProperty lv2:reportsLatency , lv2:integer ;\n"
                    + "        lv2:minimum 0 ;\n        lv2:maximum 192000 ;\n        units:unit units:frame\n    ]", index++));
        s.append("    lv2:port ").append(String.join(" , ", ports)).append(" .\n");
        if (sample)
            s.append(String.format(Locale.ROOT, "\n<%s>\n    a lv2:Parameter ;\n    rdfs:label \"Sample\" ;\n    rdfs:range atom:Path .\n", sampleProperty(d.id())));
        return s.toString().replace("@prefix units:", "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n@prefix units:");
    }

    /** Thrown when the machine lacks what building the shim needs; the message names the Debian packages. */
    public static final class MissingTool extends Exception {
        public MissingTool(String message) { super(message); }
    }

    /** The C shim the bundle compiles: entry points and run, the JVM, the worker and state (resources beside this class). */
    private static final List<String> SHIM_SOURCES = List.of("siren_lv2.h", "siren_lv2.c", "lv2_jvm.c", "lv2_state.c");

    /**
     * A complete bundle in {@code dir}: the descriptions, the jars of {@code classPath} (directories copied as they
     * are) under {@code lib/}, and the shim compiled here with gcc against the JDK's JNI headers and the LV2 headers.
     */
    public static void build(Path dir, List<String> ids, List<Path> classPath) throws IOException, MissingTool, InterruptedException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path libjvm = javaHome.resolve("lib/server/libjvm.so"), jni = javaHome.resolve("include/jni.h");
        if (!Files.isRegularFile(jni)) throw new MissingTool("no JNI headers at " + jni + " (a full JDK is needed: Debian package openjdk-17-jdk-headless)");
        if (!Files.isRegularFile(Path.of("/usr/include/lv2/core/lv2.h"))) throw new MissingTool("no LV2 headers (Debian package lv2-dev)");
        Files.createDirectories(dir.resolve("lib"));
        List<String> jars = new ArrayList<>();
        int dirs = 0;
        for (Path p : classPath) {
            String name = Files.isDirectory(p) ? "classes-" + dirs++ : p.getFileName().toString();
            if (Files.isDirectory(p)) copyTree(p, dir.resolve("lib").resolve(name));
            else Files.copy(p, dir.resolve("lib").resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            jars.add("lib/" + name);
        }
        writeDescriptions(dir, ids, jars, libjvm);
        List<String> cc = new ArrayList<>(List.of("gcc", "-O2", "-shared", "-fPIC", "-fvisibility=hidden",
                "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux")));
        for (String name : SHIM_SOURCES) {
            Path src = dir.resolve(name);
            try (var in = Lv2Bundle.class.getResourceAsStream(name)) {
                Files.copy(in, src, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (name.endsWith(".c")) cc.add(src.toString());
        }
        cc.addAll(List.of("-o", dir.resolve("siren_lv2.so").toString(), "-ldl"));
        Process gcc;
        try {
            gcc = new ProcessBuilder(cc).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new MissingTool("no C compiler (Debian package gcc)");
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) throw new IOException("gcc could not build the LV2 shim: " + out.strip().replace('\n', ' '));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** This JVM's class path, with manifest-only jars (surefire's, a launcher's) expanded into their entries. */
    public static List<Path> classPath() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.isEmpty()) continue;
            Path p = Path.of(e).toAbsolutePath();
            out.add(p);
            if (Files.isRegularFile(p) && e.endsWith(".jar"))
                try (var jar = new java.util.jar.JarFile(p.toFile())) {
                    var mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null)
                        for (String entry : cp.trim().split("\\s+")) {
                            java.net.URI u = p.toUri().resolve(entry);
                            Path q = Path.of(u);
                            if (Files.exists(q) && !out.contains(q)) out.add(q);
                        }
                }
        }
        return out;
    }

    private static String num(double v) { return String.format(Locale.ROOT, "%.6f", v); }
}
