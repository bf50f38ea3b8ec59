package org.siren4j.audio;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.siren4j.core.Buf;
import org.siren4j.core.ModelFile;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;

/**
 * A whole clip as a row of small SIRENs, one per segment and channel. Segment k owns the frames
 * {@code [k hop, (k+1) hop)} and is fitted on {@code overlap} more frames each side, on its own time axis
 * ({@code [k hop - overlap, (k+1) hop + overlap - 1]} mapped to [-1, 1]); around each boundary the two
 * neighbours are cross-faded with a raised cosine over those shared frames, so the function is smooth
 * between samples too. Cost is linear in the clip's length and memory is the weights. Outputs are
 * multiplied by the channel's amplitude scale.
 */
public final class AudioModel {
    public static final int VERSION = 1;
    /** Metadata key: "true" when the fit held the function band-limited between samples; absent (older files) reads as not. */
    public static final String BAND_LIMITED = "band_limited";
    private static final byte[] MAGIC = "SIRENAU\n".getBytes(StandardCharsets.US_ASCII);

    private final int sampleRate, channels, hop, overlap;
    private final long frames;
    private final double[] scale;
    private final SirenSpec spec;
    private final SirenModel[][] segments;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public AudioModel(int sampleRate, long frames, int hop, int overlap, double[] scale, SirenSpec spec) {
        if (frames < 1) throw new IllegalArgumentException("a clip needs at least one frame");
        if (hop < 2 || overlap < 0 || overlap > hop / 2) throw new IllegalArgumentException("segment hop " + hop + ", overlap " + overlap + ": need hop >= 2 and overlap <= hop / 2");
        if (spec.inputs() != 1 || spec.outputs() != 1) throw new IllegalArgumentException("segment nets map time to one sample value");
        this.sampleRate = sampleRate;
        this.frames = frames;
        this.hop = hop;
        this.overlap = overlap;
        this.scale = scale.clone();
        this.channels = scale.length;
        this.spec = spec;
        long count = (frames + hop - 1) / hop;
        if (count > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("too many segments");
        segments = new SirenModel[channels][(int) count];
    }

    public int sampleRate() { return sampleRate; }

    public long frames() { return frames; }

    public int channels() { return channels; }

    public int hop() { return hop; }

    public int overlap() { return overlap; }

    public double scale(int channel) { return scale[channel]; }

    public SirenSpec spec() { return spec; }

    public int segmentCount() { return segments[0].length; }

    public Map<String, String> metadata() { return metadata; }

    /** Whether the fit held the function band-limited between its samples, so it may be rendered at any rate or speed. */
    public boolean bandLimited() { return Boolean.parseBoolean(metadata.get(BAND_LIMITED)); }

    public double seconds() { return frames / (double) sampleRate; }

    /** The first frame segment k is fitted on. */
    public long fitStart(int k) { return Math.max(0, (long) k * hop - overlap); }

    /** One past the last frame segment k is fitted on. */
    public long fitEnd(int k) { return Math.min(frames, (long) (k + 1) * hop + overlap); }

    /** Frame position p (fractional) on segment k's time axis. */
    public double coordinate(int k, double p) {
        double span = hop + 2.0 * overlap - 1;
        return -1 + 2 * (p - ((double) k * hop - overlap)) / span;
    }

    public SirenModel segment(int channel, int k) { return segments[channel][k]; }

    public void setSegment(int channel, int k, SirenModel m) {
        if (!sameShape(m.spec(), spec)) throw new IllegalArgumentException("segment net differs from the model's spec");
        segments[channel][k] = m;
    }

    public boolean fitted(int channel, int k) { return segments[channel][k] != null; }

    /** Segments fitted, over all channels. */
    public int fittedCount() {
        int c = 0;
        for (SirenModel[] row : segments) for (SirenModel m : row) if (m != null) c++;
        return c;
    }

    public boolean complete() { return fittedCount() == channels * segmentCount(); }

    public long parameterCount() { return (long) channels * segmentCount() * spec.parameterCount(); }

    private static boolean sameShape(SirenSpec a, SirenSpec b) {
        return a.inputs() == b.inputs() && a.hidden() == b.hidden() && a.hiddenLayers() == b.hiddenLayers() && a.outputs() == b.outputs()
                && a.w0First() == b.w0First() && a.w0Hidden() == b.w0Hidden() && Arrays.equals(a.inputScale(), b.inputScale());
    }

    /**
     * The channel's sound at frame positions {@code pos[0..n)} (ascending; fractional positions lie between
     * samples), into {@code out}. Positions more than half a frame outside the clip give silence.
     */
    public void render(SirenEngine engine, int channel, double[] pos, int n, double[] out) {
        Arrays.fill(out, 0, n, 0);
        for (int i = 1; i < n; i++) if (pos[i] < pos[i - 1]) throw new IllegalArgumentException("positions must ascend");
        if (n == 0) return;
        int first = (int) Math.max(0, Math.floor((pos[0] - overlap) / hop));
        int last = (int) Math.min(segmentCount() - 1, Math.floor((pos[n - 1] + overlap) / hop));
        double[] t = new double[n];
        for (int k = first; k <= last; k++) {
            double lo = (double) k * hop - overlap, hi = (double) (k + 1) * hop + overlap; // where k has weight
            if (k == 0) lo = -0.5;
            if (k == segmentCount() - 1) hi = frames - 0.5;
            int a = lowerBound(pos, n, lo), b = lowerBound(pos, n, hi);
            if (b <= a) continue;
            SirenModel m = segments[channel][k];
            if (m == null) throw new IllegalStateException("segment " + k + " of channel " + channel + " is not fitted");
            for (int i = a; i < b; i++) t[i - a] = coordinate(k, pos[i]);
            double[] v = m.evaluate(engine, t, b - a);
            for (int i = a; i < b; i++) out[i] += weight(k, pos[i]) * v[i - a] * scale[channel];
        }
        // past the ends: silence
        for (int i = 0; i < n && pos[i] < -0.5; i++) out[i] = 0;
        for (int i = n - 1; i >= 0 && pos[i] >= frames - 0.5; i--) out[i] = 0;
    }

    /** Segment k's share at position p: 1 inside, a raised cosine across each shared boundary. */
    double weight(int k, double p) {
        if (overlap == 0) return 1;
        double start = (double) k * hop, end = start + hop;
        if (k > 0 && p < start + overlap) return rise((p - (start - overlap)) / (2.0 * overlap));
        if (k < segmentCount() - 1 && p > end - overlap) return 1 - rise((p - (end - overlap)) / (2.0 * overlap));
        return 1;
    }

    private static double rise(double s) {
        s = Math.max(0, Math.min(1, s));
        double c = Math.sin(0.5 * Math.PI * s);
        return c * c;
    }

    private static int lowerBound(double[] a, int n, double v) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The whole channel at its own sample positions. */
    public double[] renderSamples(SirenEngine engine, int channel) {
        int n = Math.toIntExact(frames);
        double[] pos = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) pos[i] = i;
        render(engine, channel, pos, n, out);
        return out;
    }

    /** How close a model is to the clip it was fitted to: SNR and peak SNR (full scale 1) in dB, mean squared error. */
    public record Fidelity(double snrDb, double psnrDb, double mse) {}

    public Fidelity fidelity(SirenEngine engine, Clip clip) {
        double sig = 0, err = 0, n = 0;
        for (int c = 0; c < clip.channels(); c++) {
            double[] y = renderSamples(engine, c), x = clip.samples()[c];
            for (int i = 0; i < y.length; i++) { sig += x[i] * x[i]; err += (x[i] - y[i]) * (x[i] - y[i]); n++; }
        }
        return new Fidelity(10 * Math.log10(sig / Math.max(err, 1e-300)), 10 * Math.log10(n / Math.max(err, 1e-300)), err / n);
    }

    // --------------------------------------------------------------------------------------- files

    /** Writes the model atomically; unfitted segments are recorded as such (a partial fit resumes from it). */
    public void save(Path file) throws IOException { ModelFile.writeAtomically(file, toBytes()); }

    /** The model file's bytes (what {@link #save} writes). */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream h = new DataOutputStream(bytes)) {
            h.write(MAGIC);
            h.writeInt(VERSION);
            h.writeInt(sampleRate);
            h.writeLong(frames);
            h.writeInt(channels);
            h.writeInt(hop);
            h.writeInt(overlap);
            for (double s : scale) h.writeDouble(s);
            h.writeInt(spec.hidden());
            h.writeInt(spec.hiddenLayers());
            h.writeDouble(spec.w0First());
            h.writeDouble(spec.w0Hidden());
            h.writeInt(metadata.size());
            for (Map.Entry<String, String> e : metadata.entrySet()) { h.writeUTF(e.getKey()); h.writeUTF(e.getValue()); }
            ByteBuffer floats = ByteBuffer.allocate(4 * (int) spec.parameterCount()).order(ByteOrder.LITTLE_ENDIAN);
            for (SirenModel[] row : segments)
                for (SirenModel m : row) {
                    h.writeBoolean(m != null);
                    if (m == null) continue;
                    floats.clear();
                    for (Buf p : m.parameters()) for (int i = 0; i < p.length; i++) floats.putFloat((float) p.get(i));
                    h.write(floats.array());
                }
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(all, body.length, 4).putInt((int) crc.getValue());
        return all;
    }

    /** Whether the file starts like an audio model (rather than a single-network {@code .siren} file). */
    public static boolean isAudioModel(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return false;
        try (var in = Files.newInputStream(file)) { return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC); }
    }

    public static AudioModel load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new ModelFile.FormatException(file, "no such model file");
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC))
            throw new ModelFile.FormatException(file, "not a siren audio model (bad magic header)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 4);
        if (ByteBuffer.wrap(all, all.length - 4, 4).getInt() != (int) crc.getValue())
            throw new ModelFile.FormatException(file, "damaged or truncated (checksum mismatch)");
        try (DataInputStream h = new DataInputStream(new java.io.ByteArrayInputStream(all, MAGIC.length, all.length - 4 - MAGIC.length))) {
            int version = h.readInt();
            if (version != VERSION) throw new ModelFile.FormatException(file, "unsupported audio model version " + version + " (this build reads " + VERSION + ")");
            int rate = h.readInt();
            long frames = h.readLong();
            int channels = h.readInt(), hop = h.readInt(), overlap = h.readInt();
            if (channels < 1 || channels > 64) throw new ModelFile.FormatException(file, "damaged header (" + channels + " channels)");
            double[] scale = new double[channels];
            for (int c = 0; c < channels; c++) scale[c] = h.readDouble();
            int hidden = h.readInt(), layers = h.readInt();
            double w0 = h.readDouble(), wh = h.readDouble();
            AudioModel m;
            try {
                m = new AudioModel(rate, frames, hop, overlap, scale, new SirenSpec(1, hidden, layers, 1, w0, wh));
            } catch (IllegalArgumentException e) {
                throw new ModelFile.FormatException(file, "damaged header: " + e.getMessage());
            }
            int entries = h.readInt();
            for (int i = 0; i < entries; i++) m.metadata.put(h.readUTF(), h.readUTF());
            byte[] floats = new byte[4 * (int) m.spec.parameterCount()];
            for (int c = 0; c < channels; c++)
                for (int k = 0; k < m.segmentCount(); k++) {
                    if (!h.readBoolean()) continue;
                    h.readFully(floats);
                    ByteBuffer fb = ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN);
                    SirenModel s = SirenModel.zeros(m.spec, Precision.FLOAT32);
                    for (Buf p : s.parameters()) for (int i = 0; i < p.length; i++) p.set(i, fb.getFloat());
                    m.segments[c][k] = s;
                }
            if (h.available() != 0) throw new ModelFile.FormatException(file, "damaged (unexpected trailing bytes)");
            return m;
        } catch (EOFException e) {
            throw new ModelFile.FormatException(file, "truncated");
        }
    }
}
