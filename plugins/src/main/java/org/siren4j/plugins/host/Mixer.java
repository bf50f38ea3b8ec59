package org.siren4j.plugins.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.ClassicResampler;
import org.siren4j.audio.Clip;
import org.siren4j.plugins.Analysing;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.ClipOperation;
import org.siren4j.plugins.ClipProcessor;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Events;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.RenderMode;
import org.siren4j.plugins.SampleInstrument;
import org.siren4j.plugins.Status;
import org.siren4j.plugins.TrainedInstrument;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.analysis.AnalysisException;
import org.siren4j.plugins.builtin.Pan;

// Over 400 lines: the track runs, plugin chains and automation lanes are inner classes that share one render's timeline
// position and failure list; clip loading lives in SessionClips, the analyses in plugins.analysis.
/**
 * A session made playable: clips loaded at the session rate, plugins created, set and activated, automation
 * turned into sample-accurate parameter events, latency compensated, tails added. {@link #render} produces the
 * mix block after block, allocation-free, the same samples whatever the block sizes: the offline bounce and live
 * output both pull from it. A plugin that throws or returns ERROR is bypassed from then on and reported.
 */
public final class Mixer implements AutoCloseable {
    /** How long an "infinite" tail may run after the content, and the quiet time that ends it earlier. */
    static final double MAX_INFINITE_TAIL_SECONDS = 30, QUIET_SECONDS = 1;
    static final float QUIET_LEVEL = 1e-6f;

    private final Session session;
    private final int rate, channels, maxBlock;
    private final List<TrackRun> tracks = new ArrayList<>();
    private final Chain master;
    private final float[][] mix, scratch;
    private final long contentEnd, length;
    private final boolean infiniteTail;
    private final int outputLatency;
    private final List<String> failures = new ArrayList<>();
    private long pos;             // timeline position of the next input sample
    private long emitted;         // frames handed out
    private long lastLoud;        // last emitted frame above the quiet level (infinite tails)
    private boolean preRolled;

    /** What the mixer needs from its caller besides the session: the block bound, render mode, analysis results. */
    public record Options(int maxBlock, RenderMode mode, Analyses analyses) {}

    public Mixer(Session session, Options opt) throws SessionException {
        this.session = session;
        this.rate = session.sampleRate();
        this.maxBlock = opt.maxBlock();
        List<Clip[]> loaded = new ArrayList<>();
        for (Session.Track t : session.tracks()) loaded.add(SessionClips.load(t, rate, opt.analyses()));
        this.channels = SessionClips.channels(session, loaded);
        mix = new float[channels][maxBlock];
        scratch = new float[channels][maxBlock];

        long end = 0;
        int maxLatency = 0;
        long maxTail = 0;
        boolean inf = false;
        for (int t = 0; t < session.tracks().size(); t++) {
            TrackRun tr = new TrackRun(session.tracks().get(t), loaded.get(t), t, opt);
            tracks.add(tr);
            end = Math.max(end, tr.contentEnd);
            maxLatency = Math.max(maxLatency, tr.latency());
            long tail = tr.tail();
            if (tail == Plugin.TAIL_INFINITE) inf = true; else maxTail = Math.max(maxTail, tail);
        }
        for (TrackRun tr : tracks) tr.compensate(maxLatency - tr.latency());
        master = new Chain("master", session.master().inserts(), session.master().automation(), null, channels, opt);
        long mt = master.tail();
        if (mt == Plugin.TAIL_INFINITE) inf = true; else maxTail += mt;
        infiniteTail = inf;
        contentEnd = end;
        outputLatency = maxLatency + master.latency();
        length = end + (inf ? (long) (MAX_INFINITE_TAIL_SECONDS * rate) : maxTail);
    }

    public int channels() { return channels; }

    public int sampleRate() { return rate; }

    /** Frames of the whole bounce (content plus tails; with an infinite tail, the most it may run). */
    public long length() { return length; }

    public long contentEnd() { return contentEnd; }

    public int latency() { return outputLatency; }

    /** Plugins bypassed after throwing or returning ERROR, one line each. */
    public List<String> failures() { return failures; }

    /**
     * Renders the next {@code frames} (<= maxBlock) frames of the mix into {@code out[channel][0..]}; returns the
     * frames written, fewer at the end, 0 when done. Allocation-free once warm.
     */
    public int render(float[][] out, int frames) {
        if (!preRolled) { // run the chains through their latency once, so the output starts at the timeline's start
            preRolled = true;
            for (int left = outputLatency; left > 0; ) {
                int n = Math.min(left, maxBlock);
                step(n);
                left -= n;
            }
        }
        long remaining = length - emitted;
        if (infiniteTail && emitted > contentEnd && emitted - Math.max(lastLoud, contentEnd) > QUIET_SECONDS * rate) remaining = 0;
        int n = (int) Math.min(frames, Math.max(0, remaining));
        if (n == 0) return 0;
        step(n);
        for (int c = 0; c < channels; c++) System.arraycopy(mix[c], 0, out[c], 0, n);
        if (infiniteTail)
            for (int i = 0; i < n; i++)
                for (int c = 0; c < channels; c++) if (Math.abs(mix[c][i]) > QUIET_LEVEL) { lastLoud = emitted + i; break; }
        emitted += n;
        return n;
    }

    private void step(int n) {
        for (float[] m : mix) Arrays.fill(m, 0, n, 0f);
        for (int t = 0; t < tracks.size(); t++) tracks.get(t).addTo(mix, pos, n); // indexed: no iterator on the audio thread
        float[][] res = master.process(mix, scratch, pos, n);
        double g = session.master().volumeDb() <= -144 ? 0 : Math.pow(10, session.master().volumeDb() / 20);
        for (int c = 0; c < channels; c++) {
            if (res[c] != mix[c]) System.arraycopy(res[c], 0, mix[c], 0, n);
            if (g != 1) for (int i = 0; i < n; i++) mix[c][i] *= (float) g;
        }
        pos += n;
    }

    @Override public void close() {
        for (TrackRun t : tracks) t.chain.close();
        master.close();
    }

    /** One track: its source (clips or an instrument with notes), its chain, volume, pan and latency delay. */
    private final class TrackRun {
        final Session.Track spec;
        final float[][][] clips;     // [clip][channel][frame] at the session rate
        final long[] starts;
        final float[] gains;
        final Chain chain;
        final float[][] buf, tmp;
        final long contentEnd;
        final float left, right, volume;
        float[][] delay = new float[0][];
        int delayPos;

        TrackRun(Session.Track t, Clip[] loaded, int index, Options opt) throws SessionException {
            spec = t;
            clips = new float[loaded.length][][];
            starts = new long[loaded.length];
            gains = new float[loaded.length];
            long end = 0;
            for (int c = 0; c < loaded.length; c++) {
                clips[c] = toChannels(loaded[c], channels);
                starts[c] = Math.round(t.clips().get(c).start() * rate);
                gains[c] = (float) t.clips().get(c).gain();
                end = Math.max(end, starts[c] + loaded[c].frames());
            }
            for (Session.Note n : t.notes()) end = Math.max(end, Math.round((n.time() + n.duration()) * rate));
            contentEnd = end;
            buf = new float[channels][maxBlock];
            tmp = new float[channels][maxBlock];
            chain = new Chain("tracks[" + index + "] (" + t.name() + ")", t.inserts(), t.automation(), t, channels, opt);
            chain.attachClips(this);
            double vol = t.volumeDb() <= -144 ? 0 : Math.pow(10, t.volumeDb() / 20);
            volume = (float) vol;
            left = (float) (channels == 2 ? Pan.left(t.pan()) : 1);
            right = (float) (channels == 2 ? Pan.right(t.pan()) : 1);
        }

        int latency() { return chain.latency(); }

        long tail() { return chain.tail(); }

        void compensate(int samples) {
            if (samples > 0) delay = new float[channels][samples];
        }

        void addTo(float[][] mix, long pos, int n) {
            for (float[] b : buf) Arrays.fill(b, 0, n, 0f);
            if (chain.instrument == null) {
                for (int c = 0; c < clips.length; c++) {
                    long from = Math.max(pos, starts[c]), to = Math.min(pos + n, starts[c] + clips[c][0].length);
                    float g = gains[c];
                    for (int ch = 0; ch < channels; ch++) {
                        float[] src = clips[c][ch], dst = buf[ch];
                        for (long s = from; s < to; s++) dst[(int) (s - pos)] += src[(int) (s - starts[c])] * g;
                    }
                }
            }
            float[][] res = chain.process(buf, tmp, pos, n);
            for (int ch = 0; ch < channels; ch++) {
                float f = volume * (ch == 0 ? left : right);
                float[] r = res[ch], m = mix[ch];
                if (delay.length > 0) {
                    float[] d = delay[ch];
                    int p = delayPos;
                    for (int i = 0; i < n; i++) {
                        float x = r[i];
                        m[i] += d[p] * f;
                        d[p] = x;
                        if (++p == d.length) p = 0;
                    }
                } else for (int i = 0; i < n; i++) m[i] += r[i] * f;
            }
            if (delay.length > 0) delayPos = (delayPos + n) % delay[0].length;
        }
    }

    /** Mono to every channel; more channels than the session folded by averaging. */
    static float[][] toChannels(Clip clip, int channels) {
        int n = clip.frames();
        float[][] out = new float[channels][n];
        for (int ch = 0; ch < channels; ch++)
            for (int i = 0; i < n; i++) {
                if (clip.channels() == channels || clip.channels() == 1) out[ch][i] = (float) clip.samples()[Math.min(ch, clip.channels() - 1)][i];
                else {
                    double s = 0;
                    for (double[] c : clip.samples()) s += c[i];
                    out[ch][i] = (float) (s / clip.channels());
                }
            }
        return out;
    }

    /** An instrument (if any) and inserts with their automation, processed in order. */
    private final class Chain {
        final String where;
        final Slot instrument;
        final List<Slot> inserts = new ArrayList<>();
        final int chans;

        Chain(String where, List<Session.PluginRef> refs, List<Session.Lane> lanes, Session.Track track, int chans, Options opt)
                throws SessionException {
            this.where = where;
            this.chans = chans;
            instrument = track != null && track.instrument() != null ? new Slot(track.instrument(), -1, lanes, track.notes(), chans, opt) : null;
            if (instrument != null && instrument.plugin instanceof TrainedInstrument ti)
                ti.setTrained(SessionClips.analysed(opt.analyses(), ti, track.instrument(), TrainedInstrument.NO_CLIP, ti::setTrained));
            if (instrument != null && instrument.plugin instanceof SampleInstrument si) {
                Session.PluginRef ref = track.instrument();
                Analysing.ClipAudio audio;
                try {
                    audio = Analyses.read(ref.sample());
                } catch (IOException e) {
                    throw new SessionException(ref.jsonPath() + ".sample: " + e.getMessage());
                }
                si.setSample(audio, SessionClips.analysed(opt.analyses(), si, ref, audio, done -> si.setSample(audio, done)));
            }
            for (int i = 0; i < refs.size(); i++) {
                Slot s = new Slot(refs.get(i), i, lanes, List.of(), chans, opt);
                if (s.plugin instanceof ClipProcessor && (i > 0 || track == null || track.instrument() != null))
                    throw new SessionException(refs.get(i).jsonPath() + ".plugin: '" + refs.get(i).id()
                            + "' works on whole clips: it must be the first insert of a track of clips");
                inserts.add(s);
            }
        }

        /** A whole-clip processor first in the chain gets the track's clips as regions, with their analyses. */
        void attachClips(TrackRun t) throws SessionException {
            if (inserts.isEmpty() || !(inserts.get(0).plugin instanceof ClipProcessor cp)) return;
            Slot slot = inserts.get(0);
            ClipProcessor.Region[] regions = new ClipProcessor.Region[t.clips.length];
            for (int c = 0; c < t.clips.length; c++) {
                Analysing.ClipAudio audio = new Analysing.ClipAudio(rate, scaled(t.clips[c], t.gains[c]));
                long start = t.starts[c];
                int ci = c;
                byte[] result = SessionClips.analysed(slot.opt.analyses(), cp, slot.ref, audio, done -> {
                    synchronized (regions) { // a live session's analysis finishing on a worker thread
                        regions[ci] = new ClipProcessor.Region(start, audio.frames(), done, audio.samples());
                        cp.setRegions(List.of(regions));
                    }
                });
                synchronized (regions) {
                    if (regions[c] == null) regions[c] = new ClipProcessor.Region(start, audio.frames(), result, audio.samples());
                }
            }
            synchronized (regions) { cp.setRegions(List.of(regions)); }
        }

        int latency() {
            int l = instrument != null ? instrument.latency : 0;
            for (Slot s : inserts) l += s.latency;
            return l;
        }

        long tail() {
            long t = instrument != null ? instrument.plugin.tail() : 0;
            for (Slot s : inserts) {
                long x = s.plugin.tail();
                if (x == Plugin.TAIL_INFINITE || t == Plugin.TAIL_INFINITE) t = Plugin.TAIL_INFINITE;
                else t += x;
            }
            return t;
        }

        /** Runs the chain on {@code a} (scratch {@code b}); returns the buffer holding the result. */
        float[][] process(float[][] a, float[][] b, long pos, int n) {
            if (instrument != null) instrument.run(a, a, pos, n); // no audio input: it writes into a (bypassed: a stays silent)
            float[][] cur = a, other = b;
            for (int i = 0; i < inserts.size(); i++) {
                if (inserts.get(i).run(cur, other, pos, n)) {
                    float[][] t = cur;
                    cur = other;
                    other = t;
                }
            }
            return cur;
        }

        void close() {
            if (instrument != null) instrument.close();
            for (Slot s : inserts) s.close();
        }

        /** One plugin in the chain with its automation lanes (and notes, for an instrument). */
        final class Slot {
            final Session.PluginRef ref;
            final Plugin plugin;
            final Options opt;
            final Block block;
            final Lane[] lanes;
            final long[] noteTime;
            final int[] noteType, noteKey;
            final double[] noteVel;
            int nextNote;
            final int latency;
            boolean failed;

            Slot(Session.PluginRef ref, int index, List<Session.Lane> allLanes, List<Session.Note> notes, int chans, Options opt) {
                this.ref = ref;
                this.opt = opt;
                plugin = Plugins.create(ref.id());
                plugin.init();
                for (Map.Entry<String, Double> e : ref.params().entrySet()) plugin.setParam(plugin.paramIndex(e.getKey()), e.getValue());
                lanes = allLanes.stream().filter(l -> l.plugin() == index).map(l -> new Lane(plugin.paramIndex(l.param()), l.points(), rate))
                        .toArray(Lane[]::new);
                int k = notes.size();
                noteTime = new long[2 * k];
                noteType = new int[2 * k];
                noteKey = new int[2 * k];
                noteVel = new double[2 * k];
                Integer[] order = new Integer[2 * k];
                for (int i = 0; i < 2 * k; i++) order[i] = i;
                // ons and offs in time order; at equal times offs first, so a repeated note restarts cleanly
                Arrays.sort(order, (x, y) -> {
                    long tx = eventTime(notes, x), ty = eventTime(notes, y);
                    return tx != ty ? Long.compare(tx, ty) : Integer.compare(x % 2 == 1 ? 0 : 1, y % 2 == 1 ? 0 : 1);
                });
                for (int i = 0; i < 2 * k; i++) {
                    int e = order[i];
                    Session.Note nt = notes.get(e / 2);
                    noteTime[i] = eventTime(notes, e);
                    noteType[i] = e % 2 == 0 ? Events.NOTE_ON : Events.NOTE_OFF;
                    noteKey[i] = e / 2 * 128 + nt.pitch(); // note id in the high part, key in the low
                    noteVel[i] = nt.velocity() / 127.0;
                }
                int inCh = plugin.descriptor().audioInputs() == Descriptor.TRACK_CHANNELS ? chans : Math.max(1, plugin.descriptor().audioInputs());
                // a stereo-out insert on a session the user made mono gets the track's one channel
                int outCh = plugin.descriptor().audioOutputs() == Descriptor.TRACK_CHANNELS ? chans : Math.min(chans, Math.max(1, plugin.descriptor().audioOutputs()));
                block = new Block(inCh, outCh, maxBlock, maxBlock * (lanes.length + 1) + 2 * k + 16);
                int lat = 0;
                try {
                    plugin.setRenderMode(opt.mode());
                    plugin.activate(rate, chans, 1, maxBlock);
                    plugin.startProcessing();
                    lat = plugin.latency();
                } catch (RuntimeException e) {
                    fail("activate", e);
                }
                latency = lat;
            }

            private long eventTime(List<Session.Note> notes, int e) {
                Session.Note n = notes.get(e / 2);
                return Math.round((e % 2 == 0 ? n.time() : n.time() + n.duration()) * rate);
            }

            /** Processes {@code in} into {@code out}; false when bypassed (the input stands). */
            boolean run(float[][] in, float[][] out, long pos, int n) {
                Events ev = block.events;
                ev.clear();
                block.frames = n;
                block.position = pos;
                block.steadyTime = pos;
                boolean anyLane = lanes.length > 0;
                for (int t = 0; t < n; t++) {
                    while (nextNote < noteTime.length && noteTime[nextNote] <= pos + t) {
                        int key = noteKey[nextNote];
                        if (noteType[nextNote] == Events.NOTE_ON) ev.addNoteOn(t, key % 128, noteVel[nextNote], key / 128);
                        else ev.addNoteOff(t, key % 128, key / 128);
                        nextNote++;
                    }
                    if (anyLane) for (int l = 0; l < lanes.length; l++) lanes[l].emit(ev, pos + t, t);
                }
                if (failed) return false;
                // the block's buffers point at the chain's: map channels when the plugin's ports differ
                for (int c = 0; c < block.in.length; c++) block.in[c] = in[Math.min(c, in.length - 1)];
                boolean direct = block.out.length == out.length;
                if (direct) for (int c = 0; c < out.length; c++) block.out[c] = out[c];
                else for (float[] o : block.out) Arrays.fill(o, 0, n, 0f);
                Status st;
                try {
                    st = plugin.process(block);
                } catch (RuntimeException | Error e) {
                    if (e instanceof OutOfMemoryError) throw (Error) e;
                    fail("process", e);
                    return false;
                }
                if (st == Status.ERROR) {
                    failures.add(where + ": '" + ref.id() + "' (" + ref.jsonPath() + ") returned ERROR at " + seconds(pos) + "; bypassed from then on");
                    failed = true;
                    return false;
                }
                if (!direct) for (int c = 0; c < out.length; c++) System.arraycopy(block.out[Math.min(c, block.out.length - 1)], 0, out[c], 0, n);
                return true;
            }

            private String seconds(long pos) { return String.format(java.util.Locale.ROOT, "%.3f s", pos / (double) rate); }

            void fail(String where2, Throwable e) {
                failed = true;
                failures.add(where + ": '" + ref.id() + "' (" + ref.jsonPath() + ") threw in " + where2 + ": " + e
                        + "; bypassed from then on");
            }

            void close() {
                try {
                    plugin.stopProcessing();
                    plugin.deactivate();
                    plugin.destroy();
                } catch (RuntimeException e) {
                    failures.add(where + ": '" + ref.id() + "' threw while closing: " + e);
                }
            }
        }
    }

    /** A parameter's breakpoints in samples; emits an event at each sample where its value changes. */
    private static final class Lane {
        final int param;
        final double[] at, value;
        double last = Double.NaN;
        int seg;

        Lane(int param, double[][] points, int rate) {
            this.param = param;
            at = new double[points.length];
            value = new double[points.length];
            for (int i = 0; i < points.length; i++) {
                at[i] = points[i][0] * rate;
                value[i] = points[i][1];
            }
        }

        double valueAt(long s) {
            while (seg + 1 < at.length && at[seg + 1] <= s) seg++;
            if (s <= at[0]) return value[0];
            if (seg + 1 >= at.length) return value[at.length - 1];
            double f = (s - at[seg]) / (at[seg + 1] - at[seg]);
            return value[seg] + f * (value[seg + 1] - value[seg]);
        }

        void emit(Events ev, long sample, int t) {
            double v = valueAt(sample);
            if (v != last) {
                last = v;
                ev.addParam(t, param, v);
            }
        }
    }

    private static float[][] scaled(float[][] x, float g) {
        if (g == 1f) return x;
        float[][] y = new float[x.length][];
        for (int c = 0; c < x.length; c++) {
            y[c] = x[c].clone();
            for (int i = 0; i < y[c].length; i++) y[c][i] *= g;
        }
        return y;
    }
}
