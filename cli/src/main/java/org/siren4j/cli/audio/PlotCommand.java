package org.siren4j.cli.audio;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.AudioModel;
import org.siren4j.audio.Clip;
import org.siren4j.audio.Plots;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.SirenCli;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren plot}: waveform, error and spectrogram of a sound file or an audio model, as PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true, header = "Draw a sound file or audio model: waveform, error and spectrogram, as PNG.",
        description = "Draw a sound file or an audio model (rendered at its own rate): waveform, difference from --compare, spectrogram.")
public final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "a sound file or an audio model")
    Path in;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT.png", description = "the picture")
    Path out;

    @Option(names = "--compare", paramLabel = "OTHER.wav", description = "a sound to compare with (the error panel)")
    Path compare;

    @Option(names = "--channel", defaultValue = "0", description = "which channel (default: ${DEFAULT-VALUE})")
    int channel;

    @Override
    public Integer call() throws Exception {
        if (Outputs.sameFile(in, out)) throw new SirenCli.UserError(out + ": the output would overwrite the input");
        Clip clip;
        if (AudioModel.isAudioModel(in)) {
            AudioModel m = AudioModel.load(in);
            double[][] s = new double[m.channels()][];
            try (SirenEngine e = Engines.cpu()) { for (int c = 0; c < s.length; c++) s[c] = m.renderSamples(e, c); }
            clip = new Clip(m.sampleRate(), s);
        } else {
            clip = AudioFiles.read(in);
        }
        if (channel < 0 || channel >= clip.channels()) throw new SirenCli.UserError("--channel " + channel + ": " + in + " has " + clip.channels() + " channel(s)");
        double[] other = null;
        if (compare != null) {
            Clip o = AudioFiles.read(compare);
            if (o.sampleRate() != clip.sampleRate()) throw new SirenCli.UserError(compare + ": rate " + o.sampleRate() + " Hz differs from " + clip.sampleRate() + " Hz");
            other = o.samples()[Math.min(channel, o.channels() - 1)];
        }
        Plots.write(out, in.getFileName() + (compare != null ? " vs " + compare.getFileName() : "") + String.format("  (%d Hz, %.2f s)", clip.sampleRate(), clip.seconds()),
                clip.samples()[channel], clip.sampleRate(), other);
        System.out.println("wrote " + out);
        return 0;
    }
}
