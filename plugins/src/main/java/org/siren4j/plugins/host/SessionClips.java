package org.siren4j.plugins.host;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.siren4j.audio.AudioFiles;
import org.siren4j.audio.ClassicResampler;
import org.siren4j.audio.Clip;
import org.siren4j.plugins.Analysing;
import org.siren4j.plugins.ClipOperation;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.analysis.Analyses;
import org.siren4j.plugins.analysis.AnalysisException;

/**
 * A session's audio before mixing: each track's clips read, made new by their "apply" operation, brought to the
 * session rate; the channel count the session plays in; plugins' analyses under the session's names for errors.
 */
final class SessionClips {
    private SessionClips() {}

    /** A track's clips at the session rate; a file that cannot be read is a session error naming it. */
    static Clip[] load(Session.Track t, int rate, Analyses analyses) throws SessionException {
        Clip[] clips = new Clip[t.clips().size()];
        for (int c = 0; c < clips.length; c++) {
            Session.ClipRef ref = t.clips().get(c);
            try {
                Clip clip = AudioFiles.read(ref.file());
                if (ref.apply() != null) clip = applied(ref, clip, rate, analyses);
                clips[c] = clip.sampleRate() == rate ? clip : ClassicResampler.resample(clip, rate);
            } catch (IOException e) {
                throw new SessionException(ref.jsonPath() + ".file: " + e.getMessage());
            }
        }
        return clips;
    }

    /**
     * The session's channel count: its own when it sets one, else stereo when a clip is, a track is panned, an insert
     * or instrument declares stereo outputs (pan, mix, the instruments), and mono otherwise.
     */
    static int channels(Session session, List<Clip[]> loaded) {
        if (session.channels() > 0) return session.channels();
        boolean stereo = makesStereo(session.master().inserts());
        for (int t = 0; t < session.tracks().size(); t++) {
            Session.Track track = session.tracks().get(t);
            for (Clip c : loaded.get(t)) stereo |= c.channels() > 1;
            stereo |= track.pan() != 0 || makesStereo(track.inserts());
            if (track.instrument() != null) stereo |= makesStereo(List.of(track.instrument()));
        }
        return stereo ? 2 : 1;
    }

    /** The clip made new by its "apply" operation at the session rate (analysed and cached like any analysis). */
    private static Clip applied(Session.ClipRef ref, Clip clip, int rate, Analyses analyses) throws SessionException {
        ClipOperation op = (ClipOperation) Plugins.create(ref.apply().id());
        for (Map.Entry<String, Double> e : ref.apply().params().entrySet()) op.setParam(op.paramIndex(e.getKey()), e.getValue());
        float[][] f = new float[clip.channels()][clip.frames()];
        for (int c = 0; c < f.length; c++) for (int i = 0; i < f[c].length; i++) f[c][i] = (float) clip.samples()[c][i];
        Analysing.ClipAudio audio = new Analysing.ClipAudio(clip.sampleRate(), f);
        float[][] made = op.apply(analysedNow(analyses, op, ref.apply(), audio), audio, rate);
        double[][] d = new double[made.length][];
        for (int c = 0; c < d.length; c++) {
            d[c] = new double[made[c].length];
            for (int i = 0; i < d[c].length; i++) d[c][i] = made[c][i];
        }
        return new Clip(rate, d);
    }

    /** A plugin's analysis of a clip, as the session names it; a failed analysis is a session error. */
    static byte[] analysed(Analyses a, Analysing plugin, Session.PluginRef ref, Analysing.ClipAudio clip,
                                   java.util.function.Consumer<byte[]> whenDone) throws SessionException {
        try {
            return a.result(plugin, ref.id(), ref.jsonPath(), clip, whenDone);
        } catch (AnalysisException e) {
            throw new SessionException(e.getMessage());
        }
    }

    private static byte[] analysedNow(Analyses a, Analysing plugin, Session.PluginRef ref, Analysing.ClipAudio clip) throws SessionException {
        try {
            return a.resultNow(plugin, ref.id(), ref.jsonPath(), clip);
        } catch (AnalysisException e) {
            throw new SessionException(e.getMessage());
        }
    }

    /** Whether an insert declares stereo outputs (pan, mix): the session then plays in stereo. */
    private static boolean makesStereo(List<Session.PluginRef> inserts) {
        return inserts.stream().anyMatch(p -> Plugins.descriptor(p.id()).map(d -> d.audioOutputs() > 1).orElse(false));
    }
}
