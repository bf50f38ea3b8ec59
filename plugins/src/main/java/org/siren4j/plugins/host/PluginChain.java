package org.siren4j.plugins.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.siren4j.plugins.Analysing;
import org.siren4j.plugins.Block;
import org.siren4j.plugins.ClipProcessor;
import org.siren4j.plugins.Descriptor;
import org.siren4j.plugins.Events;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.SampleInstrument;
import org.siren4j.plugins.Status;
import org.siren4j.plugins.TrainedInstrument;
import org.siren4j.plugins.analysis.Analyses;

/**
 * A track's or the master's plugins in order (an instrument first, when the track plays notes): created, set, activated
 * with their automation lanes and notes; run block by block with sample-accurate events; a plugin that throws or
 * returns ERROR is bypassed from then on and reported in the mixer's failure list.
 */
final class PluginChain {
    final String where;
    final Slot instrument;
    final List<Slot> inserts = new ArrayList<>();
    final int chans;
    private final int rate, maxBlock;
    private final List<String> failures;

    PluginChain(String where, List<Session.PluginRef> refs, List<Session.Lane> lanes, Session.Track track, int chans, Mixer.Options opt,
                int rate, int maxBlock, List<String> failures) throws SessionException {
        this.where = where;
        this.rate = rate;
        this.maxBlock = maxBlock;
        this.failures = failures;
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
    void attachClips(float[][][] clips, float[] gains, long[] starts) throws SessionException {
        if (inserts.isEmpty() || !(inserts.get(0).plugin instanceof ClipProcessor cp)) return;
        Slot slot = inserts.get(0);
        ClipProcessor.Region[] regions = new ClipProcessor.Region[clips.length];
        for (int c = 0; c < clips.length; c++) {
            Analysing.ClipAudio audio = new Analysing.ClipAudio(rate, scaled(clips[c], gains[c]));
            long start = starts[c];
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
        final Mixer.Options opt;
        final Block block;
        final Lane[] lanes;
        final long[] noteTime;
        final int[] noteType, noteKey;
        final double[] noteVel;
        int nextNote;
        final int latency;
        boolean failed;

        Slot(Session.PluginRef ref, int index, List<Session.Lane> allLanes, List<Session.Note> notes, int chans, Mixer.Options opt) {
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
