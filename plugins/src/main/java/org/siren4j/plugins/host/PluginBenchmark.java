package org.siren4j.plugins.host;

import org.siren4j.plugins.Block;
import org.siren4j.plugins.Plugin;

/**
 * Real-time cost of an instrument: {@code voices} notes held (re-struck every 0.1 s so none runs out), stereo
 * blocks of {@code block} frames, timed on one thread; the result is the time per block as a share of the
 * block's duration (what one core spends to keep up).
 */
public final class PluginBenchmark {
    public record Result(String plugin, int voices, int block, int rate, double microsPerBlock, double blockMicros) {
        public double fraction() { return microsPerBlock / blockMicros; }
    }

    private PluginBenchmark() {}

    /** {@code p} must be ready to play (sample or training set); it is activated here. */
    public static Result instrument(Plugin p, int voices, int block, int rate, double seconds) {
        p.activate(rate, 2, 1, block);
        p.startProcessing();
        Block b = new Block(0, 2, block, 4 * voices + 8);
        b.frames = block;
        int restrike = Math.max(1, (int) (0.1 * rate / block));
        long timed = 0, t0 = 0;
        long warm = (long) (0.5 * rate / block);            // JIT first
        long total = warm + (long) Math.ceil(seconds * rate / block);
        for (long k = 0; k < total; k++) {
            b.events.clear();
            if (k % restrike == 0) {
                for (int v = 0; v < voices; v++) if (k > 0) b.events.addNoteOff(0, 48 + v, v);
                for (int v = 0; v < voices; v++) b.events.addNoteOn(0, 48 + v, 0.8, v);
            }
            b.position = b.steadyTime = k * block;
            if (k == warm) t0 = System.nanoTime();
            p.process(b);
            if (k >= warm) timed++;
        }
        double micros = (System.nanoTime() - t0) / 1e3 / timed;
        p.stopProcessing();
        p.deactivate();
        return new Result(p.descriptor().id(), voices, block, rate, micros, 1e6 * block / rate);
    }

    /**
     * What an instrument plays for one held note: {@code frames} mono frames at {@code rate} from note-on at frame 0,
     * in 256-frame blocks. With a flat envelope (no attack or decay, full sustain, no velocity scaling) a sampler's output
     * is its sample resampled by the note's ratio: what playback quality is measured on.
     */
    public static double[] playNote(Plugin p, int rate, int note, int frames) {
        int block = 256;
        p.activate(rate, 1, 1, block);
        p.startProcessing();
        Block b = new Block(0, 1, block, 8);
        double[] y = new double[frames];
        for (int at = 0; at < frames; at += block) {
            b.frames = Math.min(block, frames - at);
            b.events.clear();
            if (at == 0) b.events.addNoteOn(0, note, 1.0, 0);
            b.position = b.steadyTime = at;
            p.process(b);
            for (int i = 0; i < b.frames; i++) y[at + i] = b.out[0][i];
        }
        p.stopProcessing();
        p.deactivate();
        return y;
    }
}
