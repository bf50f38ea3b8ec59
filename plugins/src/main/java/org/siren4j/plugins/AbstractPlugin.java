package org.siren4j.plugins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What most plugins share: parameter values in an array, a versioned state of (id, value) pairs plus the
 * plugin's own bytes, and {@link #process} cut at event times so a subclass renders runs of frames with
 * constant parameters ({@link #render}) and reacts to each event in order ({@link #onEvent}).
 */
public abstract class AbstractPlugin implements Plugin {
    private static final int STATE_MAGIC = 0x53505354; // "SPST"
    private static final int STATE_VERSION = 1;

    protected final List<ParamInfo> params;
    protected final double[] values;
    protected double sampleRate;
    protected int channels;
    protected int maxFrames;

    protected AbstractPlugin(List<ParamInfo> params) {
        this.params = List.copyOf(params);
        this.values = new double[params.size()];
        for (int i = 0; i < values.length; i++) values[i] = params.get(i).defaultValue();
    }

    @Override public List<ParamInfo> params() { return params; }

    @Override public double param(int index) { return values[index]; }

    @Override public void setParam(int index, double value) {
        values[index] = params.get(index).clamp(value);
        paramChanged(index);
    }

    /** Called after a parameter changed (main thread or, through events, the audio thread: must not allocate). */
    protected void paramChanged(int index) {}

    @Override public void activate(double sampleRate, int channels, int minFrames, int maxFrames) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.maxFrames = maxFrames;
        for (int i = 0; i < values.length; i++) paramChanged(i);
        reset();
    }

    @Override public Status process(Block b) {
        Events ev = b.events;
        int from = 0, e = 0;
        while (from < b.frames) {
            while (e < ev.size() && ev.time(e) <= from) onEvent(ev, e++);
            int to = e < ev.size() ? Math.min(b.frames, ev.time(e)) : b.frames;
            if (to > from) render(b, from, to);
            from = to;
        }
        while (e < ev.size()) onEvent(ev, e++);
        return status();
    }

    /** Reacts to event {@code i}; the default applies parameter events. */
    protected void onEvent(Events ev, int i) {
        if (ev.type(i) == Events.PARAM_VALUE && ev.param(i) >= 0 && ev.param(i) < values.length) {
            values[ev.param(i)] = params.get(ev.param(i)).clamp(ev.value(i));
            paramChanged(ev.param(i));
        }
    }

    /** Renders frames {@code [from, to)} of the block with the current parameters. */
    protected abstract void render(Block b, int from, int to);

    protected Status status() { return Status.CONTINUE; }

    @Override public byte[] saveState() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(STATE_MAGIC);
            out.writeInt(STATE_VERSION);
            out.writeUTF(descriptor().id());
            out.writeInt(values.length);
            for (int i = 0; i < values.length; i++) {
                out.writeUTF(params.get(i).id());
                out.writeDouble(values[i]);
            }
            byte[] extra = saveExtra();
            out.writeInt(extra.length);
            out.write(extra);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public void loadState(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != STATE_MAGIC) throw new IllegalArgumentException("not a siren4j plugin state");
            int version = in.readInt();
            if (version > STATE_VERSION) throw new IllegalArgumentException("plugin state version " + version + " is newer than this plugin");
            String id = in.readUTF();
            if (!id.equals(descriptor().id())) throw new IllegalArgumentException("state of '" + id + "', not of '" + descriptor().id() + "'");
            int n = in.readInt();
            for (int k = 0; k < n; k++) {
                String pid = in.readUTF();
                double v = in.readDouble();
                int idx = paramIndex(pid);
                if (idx >= 0) setParam(idx, v); // ids of removed parameters are skipped: ids are stable, never reused
            }
            byte[] extra = new byte[in.readInt()];
            in.readFully(extra);
            loadExtra(extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged plugin state: " + e.getMessage());
        }
    }

    /** The plugin's own state beyond parameter values. */
    protected byte[] saveExtra() { return new byte[0]; }

    protected void loadExtra(byte[] extra) {}

    /** dB to a linear factor. */
    protected static double dbToGain(double db) { return Math.pow(10, db / 20); }
}
