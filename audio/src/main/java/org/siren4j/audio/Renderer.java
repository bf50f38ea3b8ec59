package org.siren4j.audio;

import java.io.IOException;
import org.siren4j.core.SirenEngine;

/**
 * Plays an {@link AudioModel} back at any rate, span and speed, block by block (memory flat). Output sample
 * m sits at source time {@code from + m speed / rate} seconds after the first source sample. A SIREN
 * evaluated between samples is not band-limited by itself, so whenever the output could hold frequencies
 * above what the source held (its Nyquist frequency over the speed), the model is evaluated on a grid
 * M times finer than the output, where M makes that grid at least as fine as the source's, and a
 * linear-phase Kaiser low-pass at that frequency (passband to 92% of it, 100 dB stopband) filters it before
 * every M-th sample is kept.
 */
public final class Renderer {
    private Renderer() {}

    /** What to render: source seconds [from, to), output rate, playback speed (2 = twice as fast). */
    public record Span(double from, double to, int rate, double speed) {
        public Span {
            if (!(rate >= AudioFiles.MIN_RATE && rate <= AudioFiles.MAX_RATE)) throw new IllegalArgumentException("--rate " + rate + " Hz out of range");
            if (!(speed > 0) || speed > 64) throw new IllegalArgumentException("--speed must be in (0, 64], got " + speed);
            if (!(to > from) || Double.isInfinite(to) || Double.isInfinite(from)) throw new IllegalArgumentException("the span needs from < to, got " + from + " to " + to);
        }

        /** Output frames: the span's length at the output rate. */
        public long frames() { return Math.round((to - from) * rate / speed); }

        /** Whether the span reads the model between its samples (another rate or speed, or an offset start). */
        public boolean betweenSamples(AudioModel m) {
            double first = from * m.sampleRate();
            return rate != m.sampleRate() || speed != 1 || Math.abs(first - Math.rint(first)) > 1e-9;
        }

        /** The model's whole span at its own rate. */
        public static Span whole(AudioModel m) { return new Span(0, m.frames() / (double) m.sampleRate(), m.sampleRate(), 1); }
    }

    /** Receives rendered blocks {@code block[channel][0..count)}. */
    public interface Sink {
        void accept(double[][] block, int count) throws IOException;
    }

    static final int BLOCK = 1 << 15;

    public static void render(AudioModel model, SirenEngine engine, Span span, Sink sink) throws IOException {
        int ch = model.channels();
        long total = span.frames();
        double srcRate = model.sampleRate();
        double step = span.speed() * srcRate / span.rate();      // source frames per output sample
        // the source's band in output Hz (played `speed` times faster, a frequency f sounds at f * speed), and never
        // past the output's Nyquist frequency (rendering faster, or below the source rate)
        double cutoff = Math.min(srcRate / 2 * span.speed(), span.rate() / 2.0);
        int m = (int) Math.max(1, Math.ceil(step - 1e-9));       // oversampling: the fine grid is at least the source's
        double fineRate = (double) span.rate() * m;
        boolean filter = cutoff < span.rate() / 2.0 * (1 - 1e-9) || m > 1;
        double[] taps = filter ? lowPass(cutoff / fineRate, 0.92) : new double[] {1};
        int half = taps.length / 2;
        double[][] block = new double[ch][BLOCK];
        int most = (BLOCK - 1) * m + 2 * half + 1; // fine samples a full block needs
        double[] pos = new double[most], fine = new double[most];
        for (long start = 0; start < total; start += BLOCK) {
            int count = (int) Math.min(BLOCK, total - start);
            // fine samples j (output sample o = j / m) covering this block and the filter's reach
            long j0 = start * m - half, j1 = (start + count - 1) * m + half + 1;
            int nf = (int) (j1 - j0);
            for (int i = 0; i < nf; i++) pos[i] = span.from() * srcRate + (j0 + i) * step / m;
            for (int c = 0; c < ch; c++) {
                model.render(engine, c, pos, nf, fine);
                for (int o = 0; o < count; o++) {
                    int centre = (int) ((start + o) * m - j0);
                    double s = 0;
                    for (int k = 0; k < taps.length; k++) s += taps[k] * fine[centre - half + k];
                    block[c][o] = s;
                }
            }
            sink.accept(block, count);
        }
    }

    /** Renders into memory (tests, scoring, short clips). */
    public static Clip renderClip(AudioModel model, SirenEngine engine, Span span) throws IOException {
        int n = Math.toIntExact(span.frames());
        double[][] out = new double[model.channels()][n];
        int[] at = {0};
        render(model, engine, span, (b, count) -> {
            for (int c = 0; c < out.length; c++) System.arraycopy(b[c], 0, out[c], at[0], count);
            at[0] += count;
        });
        return new Clip(span.rate(), out);
    }

    /**
     * Linear-phase low-pass, Kaiser-windowed sinc, with its stopband from {@code edge} (cycles per sample)
     * and its passband to {@code pass * edge}; 100 dB stopband (Kaiser's beta 10.06), unit gain at DC.
     */
    public static double[] lowPass(double edge, double pass) { return lowPass(edge, pass, 100); }

    /** As above with {@code atten} dB in the stopband. */
    static double[] lowPass(double edge, double pass, double atten) {
        double width = edge * (1 - pass);                               // transition, cycles per sample
        int n = (int) Math.ceil((atten - 7.95) / (14.36 * width)) | 1;  // Kaiser's length estimate, odd
        double beta = 0.1102 * (atten - 8.7);
        double fc = edge - width / 2;                                   // the sinc's cutoff: mid-transition
        double[] h = new double[n];
        int mid = n / 2;
        double sum = 0, i0b = besselI0(beta);
        for (int k = 0; k < n; k++) {
            int t = k - mid;
            double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
            double r = (double) t / mid;
            h[k] = sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
            sum += h[k];
        }
        for (int k = 0; k < n; k++) h[k] /= sum;
        return h;
    }

    static double besselI0(double x) {
        double s = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * s; k++) {
            term *= q / ((double) k * k);
            s += term;
        }
        return s;
    }
}
