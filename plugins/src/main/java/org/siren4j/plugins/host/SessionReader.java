package org.siren4j.plugins.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.siren4j.plugins.ClipOperation;
import org.siren4j.plugins.ParamInfo;
import org.siren4j.plugins.Plugin;
import org.siren4j.plugins.Plugins;
import org.siren4j.plugins.SampleInstrument;

/**
 * Reads and checks a session file. Every problem is reported with its JSON path, e.g.
 * {@code tracks[1].inserts[0].params.gain_db: expected a number}; unknown plugins list the known ones; missing
 * clip files are named. Nothing is played or written here.
 */
public final class SessionReader {
    private static final Set<String> SESSION_KEYS = Set.of("sampleRate", "channels", "tracks", "master");
    private static final Set<String> TRACK_KEYS = Set.of("name", "clips", "instrument", "notes", "inserts", "automation", "volume_db", "pan");

    private SessionReader() {}

    public static Session read(Path file) throws SessionException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new SessionException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SessionException(file + ": cannot read the session (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new SessionException(file + ": a session is a JSON object");
        Path dir = file.toAbsolutePath().getParent();
        keys(root, "", SESSION_KEYS);
        int rate = (int) number(root, "sampleRate", "sampleRate", 48000, 8000, 384000, true);
        int channels = (int) number(root, "channels", "channels", 0, 1, 2, true);
        JsonNode tracksNode = root.get("tracks");
        if (tracksNode == null || !tracksNode.isArray()) throw new SessionException("tracks: expected an array of tracks");
        List<Session.Track> tracks = new ArrayList<>();
        for (int t = 0; t < tracksNode.size(); t++) tracks.add(track(tracksNode.get(t), "tracks[" + t + "]", dir));
        Session.Bus master = new Session.Bus(List.of(), List.of(), 0);
        JsonNode m = root.get("master");
        if (m != null) {
            if (!m.isObject()) throw new SessionException("master: expected an object");
            keys(m, "master", Set.of("inserts", "automation", "volume_db"));
            List<Session.PluginRef> inserts = inserts(m, "master");
            master = new Session.Bus(inserts, automation(m, "master", inserts, null), number(m, "volume_db", "master.volume_db", 0, -144, 24, false));
        }
        return new Session(file, rate, channels, tracks, master);
    }

    private static Session.Track track(JsonNode t, String path, Path dir) throws SessionException {
        if (!t.isObject()) throw new SessionException(path + ": expected an object");
        keys(t, path, TRACK_KEYS);
        String name = t.has("name") ? text(t.get("name"), path + ".name") : path;
        boolean hasClips = t.has("clips"), hasInstrument = t.has("instrument");
        if (hasClips == hasInstrument) throw new SessionException(path + ": a track has either \"clips\" or an \"instrument\" with \"notes\"");
        List<Session.ClipRef> clips = new ArrayList<>();
        Session.PluginRef instrument = null;
        List<Session.Note> notes = new ArrayList<>();
        if (hasClips) {
            JsonNode cs = array(t, "clips", path);
            for (int c = 0; c < cs.size(); c++) {
                String cp = path + ".clips[" + c + "]";
                JsonNode clip = cs.get(c);
                if (!clip.isObject()) throw new SessionException(cp + ": expected an object");
                keys(clip, cp, Set.of("file", "start", "gain", "apply"));
                if (!clip.has("file")) throw new SessionException(cp + ".file: missing");
                Path f = dir.resolve(text(clip.get("file"), cp + ".file")).normalize();
                if (!Files.isRegularFile(f)) throw new SessionException(cp + ".file: no such file: " + f);
                Session.PluginRef apply = null;
                if (clip.has("apply")) {
                    apply = plugin(clip.get("apply"), cp + ".apply", null);
                    if (!(Plugins.create(apply.id()) instanceof ClipOperation))
                        throw new SessionException(cp + ".apply.plugin: '" + apply.id() + "' cannot make a new clip (apply needs a clip operation, such as siren.resample)");
                }
                clips.add(new Session.ClipRef(f, number(clip, "start", cp + ".start", 0, 0, 86400, false),
                        number(clip, "gain", cp + ".gain", 1, 0, 1000, false), apply, cp));
            }
        } else {
            instrument = plugin(t.get("instrument"), path + ".instrument", dir);
            JsonNode ns = array(t, "notes", path);
            for (int k = 0; k < ns.size(); k++) {
                String np = path + ".notes[" + k + "]";
                JsonNode n = ns.get(k);
                if (!n.isObject()) throw new SessionException(np + ": expected an object");
                keys(n, np, Set.of("time", "duration", "pitch", "velocity"));
                for (String req : List.of("time", "duration", "pitch"))
                    if (!n.has(req)) throw new SessionException(np + "." + req + ": missing");
                double dur = number(n, "duration", np + ".duration", 0, 0, 86400, false);
                if (!(dur > 0)) throw new SessionException(np + ".duration: must be > 0");
                notes.add(new Session.Note(number(n, "time", np + ".time", 0, 0, 86400, false), dur,
                        (int) number(n, "pitch", np + ".pitch", 60, 0, 127, true), (int) number(n, "velocity", np + ".velocity", 100, 0, 127, true)));
            }
        }
        List<Session.PluginRef> inserts = inserts(t, path);
        if (instrument != null && instrument.sample() == null && Plugins.create(instrument.id()) instanceof SampleInstrument)
            throw new SessionException(path + ".instrument.sample: missing ('" + instrument.id() + "' plays a sample: give \"sample\": FILE)");
        return new Session.Track(name, clips, instrument, notes, inserts, automation(t, path, inserts, instrument),
                number(t, "volume_db", path + ".volume_db", 0, -144, 24, false), number(t, "pan", path + ".pan", 0, -1, 1, false));
    }

    private static List<Session.PluginRef> inserts(JsonNode node, String path) throws SessionException {
        List<Session.PluginRef> out = new ArrayList<>();
        if (!node.has("inserts")) return out;
        JsonNode is = array(node, "inserts", path);
        for (int i = 0; i < is.size(); i++) out.add(plugin(is.get(i), path + ".inserts[" + i + "]", null));
        return out;
    }

    private static Session.PluginRef plugin(JsonNode p, String path, Path dir) throws SessionException {
        if (p == null || !p.isObject()) throw new SessionException(path + ": expected an object with \"plugin\"");
        keys(p, path, dir != null ? Set.of("plugin", "params", "sample") : Set.of("plugin", "params"));
        if (!p.has("plugin")) throw new SessionException(path + ".plugin: missing");
        String id = text(p.get("plugin"), path + ".plugin");
        Plugin instance;
        try {
            instance = Plugins.create(id);
        } catch (IllegalArgumentException e) {
            throw new SessionException(path + ".plugin: " + e.getMessage());
        }
        Map<String, Double> params = new LinkedHashMap<>();
        JsonNode ps = p.get("params");
        if (ps != null) {
            if (!ps.isObject()) throw new SessionException(path + ".params: expected an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                var e = it.next();
                String pp = path + ".params." + e.getKey();
                params.put(e.getKey(), value(instance, e.getKey(), e.getValue(), pp));
            }
        }
        Path sample = null;
        if (p.has("sample")) {
            if (!(instance instanceof SampleInstrument)) throw new SessionException(path + ".sample: '" + id + "' does not play a sample");
            sample = dir.resolve(text(p.get("sample"), path + ".sample")).normalize();
            if (!Files.isRegularFile(sample)) throw new SessionException(path + ".sample: no such file: " + sample);
        }
        return new Session.PluginRef(id, params, sample, path);
    }

    /** A parameter value: a number in range, or a label / number-with-unit string the parameter can read. */
    private static double value(Plugin instance, String param, JsonNode v, String path) throws SessionException {
        int idx = instance.paramIndex(param);
        if (idx < 0) throw new SessionException(path + ": '" + instance.descriptor().id() + "' has no parameter '" + param + "' (it has: "
                + String.join(", ", instance.params().stream().map(ParamInfo::id).toList()) + ")");
        ParamInfo info = instance.params().get(idx);
        double x;
        if (v.isNumber()) x = v.asDouble();
        else if (v.isTextual()) {
            try {
                x = info.parse(v.asText());
            } catch (IllegalArgumentException e) {
                throw new SessionException(path + ": " + e.getMessage());
            }
        } else throw new SessionException(path + ": expected a number");
        if (!(x >= info.min() && x <= info.max()))
            throw new SessionException(path + ": " + x + " is outside [" + info.min() + ", " + info.max() + "]" + (info.unit().isEmpty() ? "" : " " + info.unit()));
        return x;
    }

    private static List<Session.Lane> automation(JsonNode node, String path, List<Session.PluginRef> inserts, Session.PluginRef instrument)
            throws SessionException {
        List<Session.Lane> out = new ArrayList<>();
        if (!node.has("automation")) return out;
        JsonNode as = array(node, "automation", path);
        for (int a = 0; a < as.size(); a++) {
            String ap = path + ".automation[" + a + "]";
            JsonNode lane = as.get(a);
            if (!lane.isObject()) throw new SessionException(ap + ": expected an object");
            keys(lane, ap, Set.of("plugin", "param", "points"));
            JsonNode pl = lane.get("plugin");
            Session.PluginRef target;
            int index;
            if (pl != null && pl.isTextual() && pl.asText().equals("instrument") && instrument != null) {
                target = instrument;
                index = -1;
            } else {
                if (pl == null || !pl.canConvertToExactIntegral()) throw new SessionException(ap + ".plugin: expected the index of an insert"
                        + (instrument != null ? " or \"instrument\"" : ""));
                index = pl.asInt();
                if (index < 0 || index >= inserts.size()) throw new SessionException(ap + ".plugin: no insert " + index + " (there are " + inserts.size() + ")");
                target = inserts.get(index);
            }
            if (!lane.has("param")) throw new SessionException(ap + ".param: missing");
            String param = text(lane.get("param"), ap + ".param");
            Plugin instance = Plugins.create(target.id());
            int pidx = instance.paramIndex(param);
            if (pidx < 0) throw new SessionException(ap + ".param: '" + target.id() + "' has no parameter '" + param + "'");
            if (!instance.params().get(pidx).flags().contains(ParamInfo.Flag.AUTOMATABLE))
                throw new SessionException(ap + ".param: '" + param + "' of '" + target.id() + "' cannot be automated (set it in params)");
            JsonNode pts = array(lane, "points", ap);
            if (pts.isEmpty()) throw new SessionException(ap + ".points: needs at least one [seconds, value]");
            double[][] points = new double[pts.size()][];
            for (int k = 0; k < pts.size(); k++) {
                String kp = ap + ".points[" + k + "]";
                JsonNode pt = pts.get(k);
                if (!pt.isArray() || pt.size() != 2) throw new SessionException(kp + ": expected [seconds, value]");
                if (!pt.get(0).isNumber()) throw new SessionException(kp + "[0]: expected a number");
                double time = pt.get(0).asDouble();
                if (!(time >= 0)) throw new SessionException(kp + "[0]: time must be >= 0");
                if (k > 0 && time < points[k - 1][0]) throw new SessionException(kp + "[0]: times must not decrease");
                points[k] = new double[] {time, value(instance, param, pt.get(1), kp + "[1]")};
            }
            out.add(new Session.Lane(index, param, points));
        }
        return out;
    }

    private static void keys(JsonNode node, String path, Set<String> allowed) throws SessionException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) throw new SessionException((path.isEmpty() ? "" : path + ".") + k + ": unknown key (allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    private static JsonNode array(JsonNode node, String key, String path) throws SessionException {
        JsonNode a = node.get(key);
        if (a == null || !a.isArray()) throw new SessionException(path + "." + key + ": expected an array");
        return a;
    }

    private static String text(JsonNode v, String path) throws SessionException {
        if (!v.isTextual()) throw new SessionException(path + ": expected a string");
        return v.asText();
    }

    private static double number(JsonNode node, String key, String path, double def, double min, double max, boolean integral)
            throws SessionException {
        JsonNode v = node.get(key);
        if (v == null) return def;
        if (!v.isNumber()) throw new SessionException(path + ": expected a number");
        double x = v.asDouble();
        if (integral && !v.canConvertToExactIntegral()) throw new SessionException(path + ": expected a whole number");
        if (!(x >= min && x <= max)) throw new SessionException(path + ": " + v.asText() + " is outside [" + fmt(min) + ", " + fmt(max) + "]");
        return x;
    }

    private static String fmt(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v); }
}
