package org.siren4j.cli.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.siren4j.audio.AudioModel;
import org.siren4j.cli.Outputs;
import org.siren4j.cli.Reports;
import org.siren4j.core.ModelFile;
import org.siren4j.core.SirenModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code siren info}: what a model file holds. */
@Command(name = "info", header = "Show what a model file holds.",
        mixinStandardHelpOptions = true,
        description = "Show what a model file holds: networks, segments, rate, span, size, metadata.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a .siren file (an audio model or a single network)")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.toString());
        if (AudioModel.isAudioModel(file)) {
            AudioModel m = AudioModel.load(file);
            r.put("kind", "audio model (one SIREN per segment and channel)");
            r.put("sample_rate", m.sampleRate());
            r.put("frames", m.frames());
            r.put("seconds", Outputs.round(m.seconds()));
            r.put("channels", m.channels());
            r.put("segments_per_channel", m.segmentCount());
            r.put("segments_fitted", m.fittedCount() + " of " + m.segmentCount() * m.channels());
            r.put("segment_frames", m.hop());
            r.put("overlap_frames", m.overlap());
            r.put("segment_net", m.spec().toString());
            double[] scales = new double[m.channels()];
            for (int c = 0; c < scales.length; c++) scales[c] = m.scale(c);
            r.put("amplitude_scale", scales);
            r.put("parameters", m.parameterCount());
            r.put("parameters_per_sample", Outputs.round(m.parameterCount() / (double) (m.frames() * m.channels())));
            r.put("band_limited", m.bandLimited());
            r.put("fitted", m.bandLimited()
                    ? "band-limited: energy above " + m.sampleRate() / 2 + " Hz held down on a " + m.metadata().get("oversample") + "x grid (penalty " + m.metadata().get("band_penalty") + "); renders at any rate or speed"
                    : "to its samples only: right at them, not between them (rendering at another rate or speed warns)");
            if (m.metadata().containsKey("budget")) r.put("budget", m.metadata().get("budget"));
            r.put("metadata", m.metadata());
        } else {
            SirenModel m = ModelFile.load(file);
            r.put("kind", "single SIREN");
            r.put("network", m.spec().toString());
            r.put("parameters", m.spec().parameterCount());
            r.put("metadata", m.metadata());
        }
        r.put("bytes", Files.size(file));
        if (json) System.out.println(Reports.toJson(r));
        else r.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v instanceof double[] d ? java.util.Arrays.toString(d) : v));
        return 0;
    }
}
