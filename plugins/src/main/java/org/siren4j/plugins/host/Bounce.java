package org.siren4j.plugins.host;

import java.io.IOException;
import java.nio.file.Path;
import org.siren4j.audio.WavWriter;
import org.siren4j.plugins.RenderMode;
import org.siren4j.plugins.analysis.Analyses;

/** The offline bounce: a session rendered as fast as it goes into a WAV file (temp file, then rename). */
public final class Bounce {
    /** Frames done out of the bounce's length (with an infinite tail, its most). */
    public interface Progress { void frames(long done, long total); }

    /** {@code setupSeconds}: loading clips, analyses (or the cache), activating; {@code renderSeconds}: the mix itself. */
    public record Result(long frames, int channels, int sampleRate, java.util.List<String> failures, double setupSeconds, double renderSeconds) {
        public double seconds() { return setupSeconds + renderSeconds; }
    }

    private Bounce() {}

    /**
     * Renders {@code session} in blocks of {@code block} frames into {@code out}; {@code progress} hears the frames
     * done. The bytes do not depend on the block size.
     */
    public static Result toWav(Session session, Path out, int block, WavWriter.Format format, Analyses analyses, Progress progress)
            throws SessionException, IOException {
        long t0 = System.nanoTime();
        try (Mixer mixer = new Mixer(session, new Mixer.Options(block, RenderMode.OFFLINE, analyses));
             WavWriter w = new WavWriter(out, mixer.sampleRate(), mixer.channels(), format, 1)) {
            long t1 = System.nanoTime();
            float[][] buf = new float[mixer.channels()][block];
            double[][] d = new double[mixer.channels()][block];
            long done = 0;
            for (int n; (n = mixer.render(buf, block)) > 0; ) {
                for (int c = 0; c < buf.length; c++) for (int i = 0; i < n; i++) d[c][i] = buf[c][i];
                w.write(d, 0, n);
                done += n;
                progress.frames(done, mixer.length());
            }
            w.commit();
            long t2 = System.nanoTime();
            return new Result(done, mixer.channels(), mixer.sampleRate(), mixer.failures(), (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
        }
    }
}
