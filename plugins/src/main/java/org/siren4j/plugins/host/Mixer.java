package org.siren4j.plugins.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.siren4j.audio.Clip;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.RenderMode;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.builtin.Pan;

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
    private final PluginChain master;
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
        master = new PluginChain("master", session.master().inserts(), session.master().automation(), null, channels, opt, rate, maxBlock, failures);
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
        final PluginChain chain;
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
            chain = new PluginChain("tracks[" + index + "] (" + t.name() + ")", t.inserts(), t.automation(), t, channels, opt, rate, maxBlock, failures);
            chain.attachClips(clips, gains, starts);
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
}
