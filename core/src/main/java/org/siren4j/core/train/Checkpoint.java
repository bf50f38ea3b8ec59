package org.siren4j.core.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.siren4j.core.Buf;
import org.siren4j.core.ModelFile;
import org.siren4j.core.PointGroup;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenModel;

/**
 * The checkpoint file's frame and its shared parts: magic "SIRENCKP", a version, the body (Java DataOutput), an 8-byte
 * CRC32 of all before it; a header that names the model's spec and precision; parameters; point groups. The session
 * writes its own fields between them ({@link TrainingSession#save}). Written atomically; a damaged, truncated or foreign
 * file, or one of another model or problem, is refused with a message naming it.
 */
final class Checkpoint {
    private static final byte[] MAGIC = "SIRENCKP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private Checkpoint() {}

    /** What the session writes inside the frame. */
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** What the session reads inside the frame; a stream that ends early is a truncated file. */
    interface Reader {
        void read(DataInputStream in) throws IOException;
    }

    static void write(Path file, SirenModel model, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(model.spec().toString());
            out.writeLong(model.spec().parameterCount());
            out.writeBoolean(model.precision() == Precision.FLOAT64);
            body.write(out);
        }
        byte[] b = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(b);
        byte[] all = Arrays.copyOf(b, b.length + 8);
        ByteBuffer.wrap(all, b.length, 8).putLong(crc.getValue());
        ModelFile.writeAtomically(file, all);
    }

    static void read(Path file, SirenModel model, Reader reader) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC))
            throw new ModelFile.FormatException(file, "not a siren checkpoint (bad magic header)");
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        if (ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) throw new ModelFile.FormatException(file, "damaged checkpoint (checksum mismatch)");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length))) {
            int version = in.readInt();
            if (version != VERSION) throw new ModelFile.FormatException(file, "unsupported checkpoint version " + version);
            String spec = in.readUTF();
            long count = in.readLong();
            boolean dbl = in.readBoolean();
            if (!spec.equals(model.spec().toString()) || count != model.spec().parameterCount())
                throw new ModelFile.FormatException(file, "checkpoint of a " + spec + " model, this run trains " + model.spec());
            if (dbl != (model.precision() == Precision.FLOAT64))
                throw new ModelFile.FormatException(file, "checkpoint holds " + (dbl ? "float64" : "float32") + " weights, this run trains " + model.precision());
            reader.read(in);
        } catch (java.io.EOFException e) {
            throw new ModelFile.FormatException(file, "truncated checkpoint");
        }
    }

    static void writeParams(DataOutputStream out, SirenModel m) throws IOException {
        boolean dbl = m.precision() == Precision.FLOAT64;
        for (Buf p : m.parameters())
            for (int i = 0; i < p.length; i++) {
                if (dbl) out.writeDouble(p.get(i));
                else out.writeFloat((float) p.get(i));
            }
    }

    static void readParams(DataInputStream in, SirenModel m) throws IOException {
        boolean dbl = m.precision() == Precision.FLOAT64;
        for (Buf p : m.parameters()) for (int i = 0; i < p.length; i++) p.set(i, dbl ? in.readDouble() : in.readFloat());
    }

    /** Each group's name and size, and a sampled group's current points. */
    static void writeGroups(DataOutputStream out, List<PointGroup> groups) throws IOException {
        out.writeInt(groups.size());
        for (PointGroup g : groups) {
            out.writeUTF(g.name());
            out.writeInt(g.count());
            out.writeBoolean(g.isSampled());
            if (g.isSampled()) Adam.writeDoubles(out, g.points());
        }
    }

    static void readGroups(DataInputStream in, List<PointGroup> groups, Path file) throws IOException {
        int ng = in.readInt();
        if (ng != groups.size()) throw new ModelFile.FormatException(file, "checkpoint has " + ng + " point groups, this run " + groups.size());
        for (PointGroup g : groups) {
            String name = in.readUTF();
            int n = in.readInt();
            boolean sampled = in.readBoolean();
            if (!name.equals(g.name()) || n != g.count() || sampled != g.isSampled())
                throw new ModelFile.FormatException(file, "checkpoint's group '" + name + "' (" + n + " points) does not match this run's '" + g.name() + "' (" + g.count() + ")");
            if (sampled) Adam.readDoubles(in, g.points());
        }
    }
}
