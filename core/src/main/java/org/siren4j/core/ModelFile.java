package org.siren4j.core;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The {@code .siren} model file, version 2 (numbers little-endian, the header block in Java DataOutput form):
 * <pre>
 *   magic "SIREN4J\n" | u32 version | u32 header length | header | f32 weights... | u32 CRC32 of all before it
 *   header: u32 inputs, hidden, hiddenLayers, outputs | f64 w0First, w0Hidden | f64 inputScale[inputs] |
 *           u32 entries | (utf key, utf value)*
 * </pre>
 * Version 1 (no input scales: all ones) still loads.
 * Weights follow {@link SirenModel#parameters()} order. Written to a temp file and renamed, so a crash
 * never leaves half a model; a truncated, damaged or foreign file is refused with a message naming it.
 */
public final class ModelFile {
    public static final int VERSION = 2;
    private static final byte[] MAGIC = "SIREN4J\n".getBytes(StandardCharsets.US_ASCII);

    private ModelFile() {}

    /** Thrown for a file that is not a readable siren model; the message names the file and the fault. */
    public static final class FormatException extends IOException {
        public FormatException(Path file, String what) { super(file + ": " + what); }
    }

    public static void save(SirenModel model, Path file) throws IOException {
        SirenSpec s = model.spec();
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        try (DataOutputStream h = new DataOutputStream(headerBytes)) {
            h.writeInt(s.inputs()); h.writeInt(s.hidden()); h.writeInt(s.hiddenLayers()); h.writeInt(s.outputs());
            h.writeDouble(s.w0First()); h.writeDouble(s.w0Hidden());
            for (int j = 0; j < s.inputs(); j++) h.writeDouble(s.inputScale(j));
            h.writeInt(model.metadata().size());
            for (Map.Entry<String, String> e : model.metadata().entrySet()) { h.writeUTF(e.getKey()); h.writeUTF(e.getValue()); }
        }
        byte[] header = headerBytes.toByteArray();
        long nParams = s.parameterCount();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(MAGIC.length + 8 + header.length + 4 * nParams + 4)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(header.length);
        // header fields were written big-endian by DataOutputStream; store them as an opaque block
        buf.put(header);
        for (Buf p : model.parameters()) for (int i = 0; i < p.length; i++) buf.putFloat((float) p.get(i));
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        writeAtomically(file, buf.array());
    }

    /** Loads a model (float32 parameters, as stored). */
    public static SirenModel load(Path file) throws IOException { return load(file, Precision.FLOAT32); }

    public static SirenModel load(Path file, Precision type) throws IOException {
        if (!Files.isRegularFile(file)) throw new FormatException(file, "no such model file");
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC))
            throw new FormatException(file, "not a siren model file (bad magic header)");
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        if (buf.remaining() < 8) throw new FormatException(file, "truncated (header cut off)");
        int version = buf.getInt();
        if (version < 1 || version > VERSION)
            throw new FormatException(file, "unsupported model file version " + version + " (this build reads 1 to " + VERSION + ")");
        int headerLen = buf.getInt();
        if (headerLen < 0 || headerLen > buf.remaining()) throw new FormatException(file, "truncated (header cut off)");
        SirenSpec spec;
        SirenModel model;
        try (DataInputStream h = new DataInputStream(new java.io.ByteArrayInputStream(all, buf.position(), headerLen))) {
            try {
                int inputs = h.readInt(), hidden = h.readInt(), layers = h.readInt(), outputs = h.readInt();
                double w0 = h.readDouble(), wh = h.readDouble();
                double[] scale = null;
                if (version >= 2) {
                    if (inputs < 1 || inputs > 1 << 16) throw new IllegalArgumentException("inputs out of range: " + inputs);
                    scale = new double[inputs];
                    for (int j = 0; j < inputs; j++) scale[j] = h.readDouble();
                }
                spec = new SirenSpec(inputs, hidden, layers, outputs, w0, wh, scale);
            } catch (IllegalArgumentException e) {
                throw new FormatException(file, "damaged header: " + e.getMessage());
            }
            long expected = MAGIC.length + 8L + headerLen + 4 * spec.parameterCount() + 4;
            if (all.length < expected) throw new FormatException(file, "truncated (" + all.length + " bytes, expected " + expected + ")");
            if (all.length > expected) throw new FormatException(file, "damaged (" + (all.length - expected) + " unexpected trailing bytes)");
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 4);
            int stored = ByteBuffer.wrap(all, all.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (stored != (int) crc.getValue()) throw new FormatException(file, "damaged (checksum mismatch)");
            model = SirenModel.zeros(spec, type);
            int entries = h.readInt();
            for (int i = 0; i < entries; i++) model.metadata().put(h.readUTF(), h.readUTF());
        } catch (EOFException e) {
            throw new FormatException(file, "damaged header");
        }
        buf.position(buf.position() + headerLen);
        for (Buf p : model.parameters()) for (int i = 0; i < p.length; i++) p.set(i, buf.getFloat());
        return model;
    }

    /**
     * A new empty file beside {@code target} (its folder made if need be), to be renamed over it once written. It gets
     * the permissions any new file gets (the umask's): {@code Files.createTempFile} makes owner-only files, and every
     * output renamed from one was unreadable to the user's group.
     */
    public static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    /** Writes bytes to a temp file beside the target, then renames it over the target. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException { replace(file, tmp -> Files.write(tmp, bytes)); }

    /** Copies {@code from} to a temp file beside the target, then renames it over the target. */
    public static void copyAtomically(Path from, Path file) throws IOException {
        replace(file, tmp -> Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    private interface TempWriter { void write(Path tmp) throws IOException; }

    /** {@code file} replaced by what {@code writer} puts in a temp file beside it; no temp file is left behind. */
    private static void replace(Path file, TempWriter writer) throws IOException {
        Path tmp = tempBeside(file);
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
