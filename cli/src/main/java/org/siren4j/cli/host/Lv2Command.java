package org.siren4j.cli.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.siren4j.cli.SirenCli;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.lv2.Lv2Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lv2", header = "Write the plugins as an LV2 bundle for DAWs (Ardour, Qtractor, Carla, jalv, lv2apply).",
        mixinStandardHelpOptions = true,
        description = {"siren lv2 -o DIR/siren.lv2 writes an LV2 bundle: manifest.ttl, a .ttl per plugin (stereo audio ports, a",
                "control port per parameter with its range, default and unit), the jars, and a small C shim compiled here with",
                "gcc (Debian packages gcc, lv2-dev) that starts a JVM in the host process and runs the Java plugin. Install by",
                "copying DIR into ~/.lv2 or by setting LV2_PATH. The bundle carries the streaming effects (gain, pan, mix, eq)",
                "and the instruments (MIDI input): siren.string, and siren.sampler, whose sample is a file parameter (the host's",
                "file chooser; saved with the project's state together with its SIREN fit). The whole-clip effects (denoise,",
                "resample of a clip) stay in siren host: LV2 gives a plugin no whole clip."})
public final class Lv2Command implements Callable<Integer> {
    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "bundle", description = "optional: `siren lv2 bundle -o DIR` is `siren lv2 -o DIR`")
    String action;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "the bundle folder (e.g. ~/.lv2/siren.lv2)")
    Path out;

    @Option(names = "--plugins", split = ",", paramLabel = "ID,...", description = "plugins to include (default: gain, pan, mix, eq, siren.string, siren.sampler)")
    List<String> plugins;

    @Override
    public Integer call() throws Exception {
        if (action != null && !action.equals("bundle")) throw new SirenCli.UserError("lv2: unknown action '" + action + "' (the only one is bundle)");
        List<String> ids = plugins != null ? plugins : List.of("gain", "pan", "mix", "eq", "siren.string", "siren.sampler");
        for (String id : ids) {
            try {
                if (Plugins.create(id) instanceof org.siren4j.plugins.Analysing a && !(a instanceof org.siren4j.plugins.TrainedInstrument || a instanceof org.siren4j.plugins.SampleInstrument))
                    throw new SirenCli.UserError("'" + id + "' needs a whole clip first: it stays in siren host (bundle: gain, pan, mix, eq, siren.string, siren.sampler)");
            } catch (IllegalArgumentException e) {
                throw new SirenCli.UserError(e.getMessage());
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) throw new SirenCli.UserError(out + " exists and is not a folder");
        Path parent = out.toAbsolutePath().getParent() == null ? Path.of(".") : out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent); // ~/.lv2 may not exist yet
        } catch (java.io.IOException e) {
            throw new SirenCli.UserError("cannot create " + parent + ": " + e.getMessage());
        }
        Path tmp = Files.createTempDirectory(parent, ".lv2-");
        try {
            Lv2Bundle.build(tmp, ids, Lv2Bundle.classPath());
            if (Files.exists(out)) deleteTree(out);
            Files.move(tmp, out);
            // the temporary folder was private; an installed bundle is read by every user's host
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (Lv2Bundle.MissingTool e) {
            throw new SirenCli.UserError(e.getMessage());
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
        System.out.println("wrote the LV2 bundle " + out + " (" + String.join(", ", ids.stream().map(Lv2Bundle::uri).toList())
                + "); install: copy it into ~/.lv2, or LV2_PATH=" + out.toAbsolutePath().getParent());
        return 0;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
