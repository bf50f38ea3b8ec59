package org.siren4j.audio.restore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds damage in a channel without being told where it is:
 * <ul>
 * <li><b>clipping</b>: samples at the channel's highest (or lowest) value when that value is held for two or more
 * samples in a row at least {@link #MIN_CLIP_RUNS} times and more samples sit at it than twice those within 2% below
 * it (a clean recording reaches its peak a few times, with its neighbours below);</li>
 * <li><b>dropouts</b>: runs of one repeated value (zeros, or a frozen sample) at least {@code 0.25 ms} and at most
 * {@link #MAX_DROPOUT_SECONDS} long, with sound on both sides ({@link #SIDE_LEVEL}; a longer run, or quiet around it,
 * is silence);</li>
 * <li><b>clicks</b>: samples that neither the {@link #ORDER} samples before them nor the ones after them predict:
 * both the forward and the backward prediction error of a local autoregressive model exceed {@link #threshold}
 * times the error's robust spread (median absolute deviation) in its block. A true transient is predicted by what
 * follows it; a click by neither side.</li>
 * </ul>
 */
public final class DamageDetector {
    /** Autoregressive order and block length of the click detector (blocks overlap by half). */
    static final int ORDER = 32, BLOCK = 2048;
    static final int MIN_CLIP_RUNS = 3;
    static final double MAX_DROPOUT_SECONDS = 0.1;
    /**
     * A dropout cuts into sound: the median magnitude of the 5 ms either side is at least this share of the channel's
     * RMS. Silence between words fades in and out below it (recorded speech had pauses of exact zeros between loud
     * syllables), and a click in a silence is no sound (the median passes it over).
     */
    static final double SIDE_LEVEL = 0.05;
    /** Damaged runs closer than this many samples are one run (a click's weak middle is still the click). */
    static final int MERGE = 6;

    private final double threshold;
    private final int pad;

    /** {@code threshold}: prediction errors beyond this many robust standard deviations are clicks; {@code pad}: samples added each side. */
    public DamageDetector(double threshold, int pad) {
        if (!(threshold > 0)) throw new IllegalArgumentException("threshold must be > 0");
        this.threshold = threshold;
        this.pad = pad;
    }

    /** Samples added each side of a click: its Hann-shaped edges are below the threshold (gt_bach clicks: 2 gave 29.1 dB, 4 32.5, 6 32.9; 6 cost 1 dB on speech). */
    public static final int PAD = 4;

    public static DamageDetector defaults() { return new DamageDetector(5, PAD); }

    /** The damage of channel {@code c} ({@code x} its samples) of the kinds asked for, in order of position. */
    public List<Damage> detect(double[] x, int channel, int rate, Set<Damage.Kind> kinds) {
        List<Damage> found = new ArrayList<>();
        boolean[] damaged = new boolean[x.length];
        if (kinds.contains(Damage.Kind.CLIPPING)) found.addAll(clipping(x, channel, damaged));
        boolean[] clipped = damaged.clone();
        if (kinds.contains(Damage.Kind.DROPOUT)) found.addAll(dropouts(x, channel, rate, damaged));
        if (kinds.contains(Damage.Kind.CLICK)) found.addAll(clicks(x, channel, rate, damaged, clipped));
        found.sort((p, q) -> Integer.compare(p.start(), q.start()));
        return found;
    }

    public List<Damage> detect(double[] x, int channel, int rate) { return detect(x, channel, rate, EnumSet.allOf(Damage.Kind.class)); }

    private static List<Damage> clipping(double[] x, int channel, boolean[] damaged) {
        List<Damage> out = new ArrayList<>();
        double hi = Double.NEGATIVE_INFINITY, lo = Double.POSITIVE_INFINITY;
        for (double v : x) { hi = Math.max(hi, v); lo = Math.min(lo, v); }
        for (double level : new double[] {hi, lo}) {
            if (level == 0) continue;
            List<Damage> runs = new ArrayList<>();
            int held = 0;
            for (int i = 0; i < x.length; ) {
                if (x[i] != level) { i++; continue; }
                int j = i;
                while (j < x.length && x[j] == level) j++;
                runs.add(new Damage(Damage.Kind.CLIPPING, channel, i, j, level));
                if (j - i >= 2) held++;
                i = j;
            }
            // a clipped channel piles samples up at the level; a clean one (a low tone on the 16-bit grid can repeat its
            // peak value) has as many just below its peak as at it
            int at = 0, below = 0;
            for (double v : x) {
                if (v == level) at++;
                else if (Math.abs(v) > 0.98 * Math.abs(level) && Math.signum(v) == Math.signum(level)) below++;
            }
            if (held < MIN_CLIP_RUNS || at < 8 || at < 2 * below) continue;
            for (Damage d : runs) Arrays.fill(damaged, d.start(), d.end(), true);
            out.addAll(runs);
        }
        return out;
    }

    private static List<Damage> dropouts(double[] x, int channel, int rate, boolean[] damaged) {
        List<Damage> out = new ArrayList<>();
        int min = Math.max(8, (int) Math.round(0.00025 * rate)), max = (int) Math.round(MAX_DROPOUT_SECONDS * rate);
        int side = Math.max(16, rate / 200); // 5 ms each side must hold sound
        double floor = SIDE_LEVEL * rms(x, 0, x.length);
        for (int i = 1; i < x.length; ) {
            int j = i;
            while (j < x.length && x[j] == x[i - 1] && !damaged[j]) j++;
            int start = i - 1, len = j - start;
            if (j > i && len >= min && len <= max && start > 0 && j < x.length && !damaged[start]
                    && medianAbs(x, start - side, start) > floor && medianAbs(x, j, j + side) > floor
                    && !joinsSmoothly(x, start, j, side, rate)) {
                out.add(new Damage(Damage.Kind.DROPOUT, channel, start, j, x[start]));
                Arrays.fill(damaged, start, j, true);
            }
            i = Math.max(j, i + 1);
        }
        return out;
    }

    /**
     * How smoothly the sound must join a run for the run to be a silence rather than a dropout (see {@link #joinsSmoothly}):
     * a run up to {@link #SHORT_DROPOUT} seconds must join very smoothly, a longer one (more often a silence) less so.
     */
    static final double SMOOTH_SHORT = 0.1, SMOOTH_LONG = 0.4, SHORT_DROPOUT = 0.02;

    /**
     * Whether the sound on either side of the run {@code [start, end)} joins the run's value smoothly: the sample next to
     * it is near the value and the last two steps are small, each against that side's 5 ms (RMS about the value, RMS of
     * the steps). A synthesiser's silence between words is approached with the slope going to zero (espeak: exact zeros
     * for 10-53 ms, 9 of them taken for dropouts in its clean clip, and filling them cost its repairs up to 10 dB); a
     * dropout cuts the sound wherever it is, and where the value is near zero the slope is steep. On the protocol's
     * dropouts the smoothest cut scored 0.15, the espeak silences 0.06-0.61 (8 of 9 pass as silence with these bounds).
     */
    private static boolean joinsSmoothly(double[] x, int start, int end, int side, int rate) {
        double bound = end - start > SHORT_DROPOUT * rate ? SMOOTH_LONG : SMOOTH_SHORT, v = x[start];
        return join(x, start - 1, -1, side, v) < bound || join(x, end, 1, side, v) < bound;
    }

    /** The smoothness of the join at sample {@code edge}, the side running in direction {@code dir} away from the run. */
    private static double join(double[] x, int edge, int dir, int side, double v) {
        int far = edge + dir * (side - 1);
        if (Math.min(edge, far) < 0 || Math.max(edge, far) >= x.length) return Double.POSITIVE_INFINITY;
        double level = 0, step = 0;
        for (int k = 0; k < side; k++) {
            double d = x[edge + dir * k] - v;
            level += d * d;
            if (k > 0) { double s = x[edge + dir * k] - x[edge + dir * (k - 1)]; step += s * s; }
        }
        level = Math.sqrt(level / side) + 1e-12;
        step = Math.sqrt(step / (side - 1)) + 1e-12;
        return Math.max(Math.abs(x[edge] - v) / level,
                Math.max(Math.abs(x[edge] - x[edge + dir]), Math.abs(x[edge + dir] - x[edge + 2 * dir])) / step);
    }

    private static double rms(double[] x, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        double s = 0;
        for (int i = from; i < to; i++) s += x[i] * x[i];
        return to > from ? Math.sqrt(s / (to - from)) : 0;
    }

    /** The median magnitude: a click in a silence does not make it sound. */
    private static double medianAbs(double[] x, int from, int to) {
        from = Math.max(0, from);
        to = Math.min(x.length, to);
        if (to <= from) return 0;
        double[] a = new double[to - from];
        for (int i = from; i < to; i++) a[i - from] = Math.abs(x[i]);
        return median(a, a.length);
    }

    private List<Damage> clicks(double[] x, int channel, int rate, boolean[] damaged, boolean[] clipped) {
        boolean[] flag = new boolean[x.length];
        int[] lastClip = new int[x.length], nextClip = new int[x.length];
        for (int n = 0, last = Integer.MIN_VALUE / 2; n < x.length; n++) { lastClip[n] = last; if (clipped[n]) last = n; }
        for (int n = x.length - 1, next = Integer.MAX_VALUE / 2; n >= 0; n--) { nextClip[n] = next; if (clipped[n]) next = n; }
        double peak = 0;
        for (double v : x) peak = Math.max(peak, Math.abs(v));
        int half = BLOCK / 2;
        double[] ef = new double[2 * BLOCK], eb = new double[BLOCK], mags = new double[2 * BLOCK];
        // blocks of BLOCK samples, each judged with a model fitted to it and half a block either side
        for (int from = 0; from < x.length; from += BLOCK) {
            int to = Math.min(x.length, from + BLOCK), lo = Math.max(0, from - half), hi = Math.min(x.length, to + half);
            double[] a = Ar.fit(x, lo, hi, damaged, ORDER);
            for (int n = lo; n < hi; n++) ef[n - lo] = Ar.forward(x, damaged, a, n); // the forward error over the model's span
            int m = 0;
            for (int n = from; n < to; n++) {
                eb[n - from] = Ar.backward(x, damaged, a, n);
                if (!Double.isNaN(ef[n - lo])) mags[m++] = Math.abs(ef[n - lo]);
                if (!Double.isNaN(eb[n - from])) mags[m++] = Math.abs(eb[n - from]);
            }
            if (m < 16) continue;
            // in digital silence the spread is zero: half a 16-bit step keeps a click there a click and silence silent
            double sigma = Math.max(1.4826 * median(mags, m), 1.5e-5 * peak);
            double[] local = localSpread(ef, hi - lo, from - lo, to - lo);
            for (int n = from; n < to; n++) {
                double t = threshold * Math.max(sigma, local[(n - from) / STEP]);
                double f = ef[n - lo], b = eb[n - from];
                // an edge sample next to a dropout has one side unreadable: the readable side decides. Not next to clipping:
                // a clipped peak's flanks are steep and a voice's pulses are clipped, so the pulse-train test cannot see
                // them (espeak clipped at 50%: 62 "clicks" beside its clipped runs, and their repair cost 10 dB)
                boolean fBlind = Double.isNaN(f) && lastClip[n] >= n - ORDER, bBlind = Double.isNaN(b) && nextClip[n] <= n + ORDER;
                boolean fBad = Double.isNaN(f) ? !bBlind && !fBlind && !Double.isNaN(b) && Math.abs(b) > t : Math.abs(f) > t;
                boolean bBad = Double.isNaN(b) ? !fBlind && !bBlind && !Double.isNaN(f) && Math.abs(f) > t : Math.abs(b) > t;
                // within the model's order of the file's edges one side cannot be read at all: no verdict there
                flag[n] = fBad && bBad && !damaged[n] && n >= ORDER && n < x.length - ORDER
                        && !inPulseTrain(ef, n - lo, hi - lo, t, rate);
            }
        }
        List<Damage> out = new ArrayList<>();
        for (int i = 0; i < x.length; ) {
            if (!flag[i]) { i++; continue; }
            int j = i + 1;
            while (true) { // extend over flagged samples no more than MERGE apart
                int k = j;
                while (k < x.length && k < j + MERGE && !flag[k]) k++;
                if (k < x.length && k < j + MERGE && flag[k]) j = k + 1;
                else break;
            }
            int s = Math.max(0, i - pad), e = Math.min(x.length, j + pad);
            while (s < i && damaged[s]) s++;
            while (e > j && damaged[e - 1]) e--;
            Damage last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s <= last.end()) out.set(out.size() - 1, new Damage(Damage.Kind.CLICK, channel, last.start(), e, 0)); // padded runs that touch are one
            else out.add(new Damage(Damage.Kind.CLICK, channel, s, e, 0));
            i = j;
        }
        return out;
    }

    /** Grid step and half width (samples) of the local spread of the prediction error. */
    static final int STEP = 64, REACH = 256;

    /**
     * The error's robust spread (1.4826 median |e|) over {@code +-REACH} samples, every {@link #STEP} samples of
     * {@code [from, to)} of {@code e[0, len)}: a block that is half silence has a small spread, and a voice starting in it would be all
     * "clicks" (a synthetic voice's whole pitch periods were); a click, a few dozen samples, hardly moves a median of 512.
     */
    private static double[] localSpread(double[] e, int len, int from, int to) {
        double[] out = new double[(to - from + STEP - 1) / STEP], w = new double[2 * REACH];
        for (int g = 0; g < out.length; g++) {
            int c = from + g * STEP + STEP / 2, m = 0;
            for (int k = Math.max(0, c - REACH); k < Math.min(len, c + REACH); k++) if (!Double.isNaN(e[k])) w[m++] = Math.abs(e[k]);
            out[g] = m < 16 ? 0 : 1.4826 * median(w, m);
        }
        return out;
    }

    /** A voice's pitch periods lie between these (seconds: 400 Hz down to 60 Hz). */
    static final double SHORTEST_PERIOD = 1 / 400.0, LONGEST_PERIOD = 1 / 60.0;
    /** Pulses of a train may drift this many samples plus 2.5% of the period from one period to the next (a wider margin let clicks in a voice pass for its pulses). */
    static final int JITTER = 3;

    /** Evenly spaced company of a pulse, in periods: two before and one after, one and two, three after, three before. */
    private static final int[][] TRAINS = {{-2, -1, 1}, {-1, 1, 2}, {1, 2, 3}, {-3, -2, -1}};

    /**
     * Whether the error at {@code n} is a pulse of a train, as a voice's glottal pulses are (no short predictor foresees
     * them, and a synthetic voice's are sharp enough to pass for clicks): for some pitch period q, comparable errors (at
     * least half the threshold and a third of its own size) lie at three more multiples of q in a row with n (within a
     * drift of {@link #JITTER} plus a fortieth of the distance), so a voice's first and last pulses count too. A click in a
     * voice has pulses either side of it, but they are a period apart from each other, not from it.
     */
    private static boolean inPulseTrain(double[] e, int n, int len, double t, int rate) {
        double need = Math.max(0.5 * t, Math.abs(e[n]) / 3);
        int shortest = (int) Math.ceil(SHORTEST_PERIOD * rate), longest = (int) (LONGEST_PERIOD * rate);
        for (int q = shortest; q <= longest; q++) {
            boolean left = n - q >= 0 && Math.abs(e[n - q]) >= need, right = n + q < len && Math.abs(e[n + q]) >= need;
            if (!left && !right) continue;
            for (int[] train : TRAINS) {
                boolean all = true;
                for (int k : train) {
                    int at = n + k * q, drift = JITTER + Math.abs(k) * q / 40;
                    if (at + drift < 0 || at - drift >= len || !anyAtLeast(e, at - drift, at + drift, need, len)) { all = false; break; }
                }
                if (all) return true;
            }
        }
        return false;
    }

    private static boolean anyAtLeast(double[] e, int from, int to, double need, int len) {
        for (int k = Math.max(0, from); k <= Math.min(len - 1, to); k++) if (Math.abs(e[k]) >= need) return true;
        return false;
    }

    private static double median(double[] v, int n) {
        double[] c = Arrays.copyOf(v, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
}
