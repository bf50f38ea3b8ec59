package org.siren4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.Clip;

/** What every command checks about its files: an output may never land on an input; reports round their figures. */
public final class Outputs {
    private Outputs() {}

    /** Three decimals, for reports. */
    public static double round(double v) { return Math.round(v * 1000) / 1000.0; }

    /** Reads an input clip; an output equal to it is refused before anything runs. */
    public static Clip readInput(Path in, Path... outputs) throws IOException {
        for (Path o : outputs)
            if (o != null && sameFile(in, o)) throw new SirenCli.UserError(o + ": the output would overwrite the input");
        Clip clip = AudioFiles.read(in);
        if (clip.frames() < 16) throw new SirenCli.UserError(in + ": too short to fit (" + clip.frames() + " frames, need 16)");
        return clip;
    }

    /** The same file by path, or by identity when both exist (a link, another spelling of the path). */
    public static boolean sameFile(Path a, Path b) throws IOException {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }
}
