package org.siren4j.audio.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.siren4j.audio.BandLimit;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.cpu.Workers;
import org.siren4j.core.train.LevenbergMarquardt;

/**
 * The SIREN repair. Each damaged stretch, with the good samples around it, is fitted by a one-layer SIREN: a sum of
 * sines whose frequencies, phases and amplitudes are all trained, started at the strongest peaks of the good
 * samples' spectrum ({@link Spectral}; a clipped window by a consistent pursuit over all its samples, SPADE-like).
 * Damaged samples carry no weight; a clipped sample must come out at or beyond its clip level (rounds in which the
 * clipped samples the net leaves inside the level join the data at the level); a
 * band-limit penalty on a grid twice as fine as the samples holds the function between them to the source's band.
 * What the sines leave of the good samples (noise, the attack of a note) is interpolated by least-squares AR and
 * added; and a window where AR alone predicts a probe gap of good samples better is filled by AR. Those parts are
 * classical: the report counts the windows each filled, and its ablations measure the SIREN's share against AR alone.
 * <p>
 * Few parameters and few Levenberg-Marquardt iterations on purpose: the gap has no data, and a net that fits the
 * context more closely fills the gap worse (gt_bach dropouts: 4 iterations 22.4 dB, 40 iterations 15.3; Adam before
 * them 18.6). Every budget is a count and every window is fitted on its own, so the output is the same bytes on any
 * machine and thread count.
 */
public final class SirenRepair implements Repair {
    /** Levenberg-Marquardt iterations per round, rounds for clipping, oversampling of the band-limit grid. */
    static final int LM_ITERATIONS = 4, CLIP_ROUNDS = 3, OVERSAMPLE = 2;
    static final double BAND_PENALTY = 1;
    /**
     * Clipped windows start from the consistent pursuit ({@link Spectral#declip}), which stops adding sines once the fit
     * is this close (relative energy) to what is known: piano clipped at 30% gave 8.7 dB with 1e-4, 9.9 with 1e-3, 12.5
     * with 1e-2 (gt_bach 18.4 / 18.2 / 18.3); a pursuit over the good samples alone gave 6.5 and 14.2.
     */
    static final double DECLIP_TOLERANCE = 1e-2;
    /**
     * Context either side of a stretch: twice its longest run, within these bounds (samples); sines (width / 2) by the
     * window's length: 16 up to {@link #LONG_WINDOW} samples, 32 above (gt_bach, 15 ms dropouts: 20.1 dB with 16, 22.5 with 32).
     */
    static final int MIN_CONTEXT = 512, MAX_CONTEXT = 1024, LONG_WINDOW = 2048;

    private final long seed;
    private final int threads;

    public SirenRepair(long seed) { this(seed, 0); }

    /** {@code threads}: windows fitted at once (0: one per core). */
    public SirenRepair(long seed, int threads) {
        this.seed = seed;
        this.threads = threads;
    }

    @Override public String name() { return "siren"; }

    /** Hears each window as it is filled: {@code done} of the {@code total} windows of the channel being repaired. */
    @FunctionalInterface
    public interface Listener { void window(int done, int total); }

    private volatile Listener listener = (done, total) -> { };

    /** This repair, telling {@code l} of each window filled (from the threads that fill them). */
    public SirenRepair listen(Listener l) {
        listener = l;
        return this;
    }

    /** One stretch's fit: the window's samples scaled to a unit peak, which are unknown, and the clip levels (0: none). */
    private record Window(Gap gap, double scale, double[] y, boolean[] unknown, double[] clipLevel) {
        int n() { return y.length; }

        double coordinate(double samplePosition) { return -1 + 2 * samplePosition / Math.max(1, n() - 1); }

        /** Every sample's coordinate. */
        double[] coordinates() {
            double[] t = new double[n()];
            for (int i = 0; i < t.length; i++) t[i] = coordinate(i);
            return t;
        }

        boolean clipped() {
            for (double c : clipLevel) if (c != 0) return true;
            return false;
        }
    }

    @Override
    public void repair(double[] x, List<Damage> damage, int rate) {
        // runs within a context of each other share a window: dense clipping is fitted a stretch at a time (gt_bach clipped
        // at 50%: 29.3 dB at 4.1 s per audio second; a window per run, 24.2 dB at 6.2 s)
        List<Gap> gaps = Repair.gaps(damage, x.length, MIN_CONTEXT, g -> Math.max(MIN_CONTEXT, Math.min(MAX_CONTEXT, 2 * Repair.longest(g))));
        List<Window> windows = new ArrayList<>();
        for (Gap g : gaps) windows.add(window(x, damage, g));
        double[][] filled = new double[windows.size()][];
        ForkJoinPool pool = new ForkJoinPool(threads > 0 ? threads : Workers.defaultCount());
        try (Blas.Hold blas = Blas.oneThread()) { // a core per window; and the bytes then do not depend on OMP_NUM_THREADS
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            Listener l = listener;
            pool.submit(() -> IntStream.range(0, windows.size()).parallel().forEach(i -> {
                filled[i] = fit(windows.get(i), rate);
                l.window(done.incrementAndGet(), windows.size());
            })).join();
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            for (Damage d : w.gap().runs())
                for (int s = d.start(); s < d.end(); s++) x[s] = filled[i][s - w.gap().from()] * w.scale();
        }
        Repair.beyondClipLevel(x, damage);
    }

    private static Window window(double[] x, List<Damage> damage, Gap g) {
        int n = g.to() - g.from();
        boolean[] unknown = new boolean[n];
        double[] clip = new double[n];
        for (Damage d : damage) {
            int s = Math.max(d.start(), g.from()), e = Math.min(d.end(), g.to());
            for (int i = s; i < e; i++) {
                unknown[i - g.from()] = true;
                if (d.kind() == Damage.Kind.CLIPPING) clip[i - g.from()] = d.level();
            }
        }
        double peak = 0;
        for (int i = 0; i < n; i++) peak = Math.max(peak, Math.abs(unknown[i] ? clip[i] : x[g.from() + i]));
        double scale = peak > 0 ? peak : 1;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = unknown[i] ? 0 : x[g.from() + i] / scale;
            clip[i] /= scale;
        }
        return new Window(g, scale, y, unknown, clip);
    }

    /**
     * The window's values filled in: by the SIREN unless, for a run of {@link #PROBED_RUN} samples or more, AR alone
     * predicted a stretch of good samples beside the gap, hidden as if lost, better (clipping always takes the SIREN,
     * since AR cannot hold the clip level). Counted in {@link #choices()}.
     */
    private double[] fit(Window w, int rate) {
        Window probe = w.clipped() || Repair.longest(w.gap().runs()) < PROBED_RUN ? null : probe(w);
        if (probe != null) {
            double[] s = sirenFill(probe, rate), a = ArRepair.interpolate(probe.y(), probe.unknown(), 0, probe.n(), ArRepair.ORDER);
            double es = 0, ea = 0;
            for (int i = 0; i < w.n(); i++)
                if (probe.unknown()[i] && !w.unknown()[i]) {
                    es += (s[i] - w.y()[i]) * (s[i] - w.y()[i]);
                    ea += (a[i] - w.y()[i]) * (a[i] - w.y()[i]);
                }
            if (ea < es) {
                arChosen.incrementAndGet();
                return ArRepair.interpolate(w.y(), w.unknown(), 0, w.n(), ArRepair.ORDER);
            }
        }
        sirenChosen.incrementAndGet();
        return sirenFill(w, rate);
    }

    /**
     * Runs this long or longer (dropouts) are probed; shorter ones (clicks) take the SIREN: on the protocol's clips the
     * probe raised dropouts (gt_counting 20.8 -> 23.6 dB, recorded speech 17.4 -> 18.5, drums 6.2 -> 7.6, music within
     * 0.2) and lowered clicks (guitar 18.7 -> 15.8, piano 59.3 -> 54.5): a probe as short as a click is a noisy judge.
     */
    static final int PROBED_RUN = 64;

    private final java.util.concurrent.atomic.AtomicInteger sirenChosen = new java.util.concurrent.atomic.AtomicInteger(),
            arChosen = new java.util.concurrent.atomic.AtomicInteger();

    /** Windows filled by the SIREN and by AR (its probe predicted better) since this repair was made. */
    public int[] choices() { return new int[] {sirenChosen.get(), arChosen.get()}; }

    /**
     * The window with a stretch of good samples hidden as well, just before the first run (after the last when there
     * is no room before): a gap whose truth is known. Null when there is no such stretch.
     */
    private static Window probe(Window w) {
        int n = w.n(), first = -1, last = -1;
        for (int i = 0; i < n; i++) if (w.unknown()[i]) { if (first < 0) first = i; last = i; }
        // as long as the longest run, shortened to leave as much context beyond it as it is long; the guard keeps it off
        // the damage's own edge
        int longest = Repair.longest(w.gap().runs()), guard = 8;
        int len = Math.min(longest, (first - guard) / 2), from = first - guard - len;
        if (len < 4 || !allKnown(w, from, from + len)) {
            len = Math.min(longest, (n - last - 1 - guard) / 2);
            from = last + 1 + guard;
            if (len < 4 || !allKnown(w, from, from + len)) return null;
        }
        boolean[] unknown = w.unknown().clone();
        double[] y = w.y().clone();
        for (int i = from; i < from + len; i++) { unknown[i] = true; y[i] = 0; }
        return new Window(w.gap(), w.scale(), y, unknown, w.clipLevel());
    }

    private static boolean allKnown(Window w, int from, int to) {
        if (from < 0 || to > w.n()) return false;
        for (int i = from; i < to; i++) if (w.unknown()[i]) return false;
        return true;
    }

    /** The window's values filled in by the SIREN, plus the AR interpolation of what it leaves. */
    private double[] sirenFill(Window w, int rate) {
        int n = w.n();
        int width = n > LONG_WINDOW ? 64 : 32;
        double w0 = Math.PI * (rate / 8.0) * (n - 1) / rate; // the spectral start sets the frequencies; w0 only scales them
        SirenModel net = SirenModel.create(new SirenSpec(1, width, 0, 1, w0, 30), seed * 1_000_003L + w.gap().start());
        double[] all = w.coordinates();
        if (w.clipped()) Spectral.declip(net, w.y(), w.unknown(), w.clipLevel(), all, DECLIP_TOLERANCE);
        else {
            int known = 0;
            for (boolean u : w.unknown()) if (!u) known++;
            double[] t = new double[known], yk = new double[known];
            for (int i = 0, k = 0; i < n; i++)
                if (!w.unknown()[i]) { t[k] = all[i]; yk[k++] = w.y()[i]; }
            Spectral.start(net, w.y(), w.unknown(), t, yk);
        }

        boolean[] active = new boolean[n];
        double[] u;
        try (SirenEngine engine = Engines.cpu(1)) {
            for (int round = 0; ; round++) {
                int count = 0;
                for (int i = 0; i < n; i++) if (!w.unknown()[i] || active[i]) count++;
                int[] picked = new int[count];
                for (int i = 0, k = 0; i < n; i++) if (!w.unknown()[i] || active[i]) picked[k++] = i;
                BandLimit a = new BandLimit(n, OVERSAMPLE, BAND_PENALTY, picked);
                double[] xs = new double[a.points()];
                for (int j = 0; j < xs.length; j++) xs[j] = w.coordinate(a.position(j));
                double[] b = new double[a.rows()];
                for (int k = 0; k < count; k++) b[k] = w.unknown()[picked[k]] ? w.clipLevel()[picked[k]] : w.y()[picked[k]];
                LevenbergMarquardt.fit(net, xs, a, b, Double.POSITIVE_INFINITY, LM_ITERATIONS);
                u = net.evaluate(engine, all, n);
                // Gauss-Newton on the hinge: a clipped sample the net leaves inside its level gets a row pulling it to
                // the level; one beyond it, none (a row that stayed would pull the peak down to the level)
                boolean violated = false;
                for (int i = 0; i < n; i++) {
                    double level = w.clipLevel()[i];
                    active[i] = level != 0 && (level > 0 ? u[i] < level : u[i] > level);
                    violated |= active[i];
                }
                if (!violated || round == CLIP_ROUNDS) break;
            }
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = w.unknown()[i] ? 0 : w.y()[i] - u[i];
        double[] ri = ArRepair.interpolate(r, w.unknown(), 0, n, ArRepair.ORDER);
        for (int i = 0; i < n; i++) if (w.unknown()[i]) u[i] += ri[i];
        return plausible(w, u) ? u : ArRepair.interpolate(w.y(), w.unknown(), 0, n, ArRepair.ORDER);
    }

    /**
     * Whether the filled-in samples are of the window's size: a lost sample beyond twice the loudest good one, or a
     * clipped one beyond four times its level (clipping at 30% of the peak needs 3.3), means the sines went astray
     * where there was no data (a window of few good samples, a transient) and AR fills that window instead.
     */
    private static boolean plausible(Window w, double[] u) {
        double known = 0;
        for (int i = 0; i < w.n(); i++) if (!w.unknown()[i]) known = Math.max(known, Math.abs(w.y()[i]));
        for (int i = 0; i < w.n(); i++) {
            if (!w.unknown()[i]) continue;
            double level = Math.abs(w.clipLevel()[i]), bound = level > 0 ? 4 * level : 2 * known;
            if (!(Math.abs(u[i]) <= bound)) return false;
        }
        return true;
    }
}
