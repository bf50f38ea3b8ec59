package org.siren4j.pde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siren4j.core.ModelFile;

/**
 * numpy's {@code .npy} format, version 1.0: the magic {@code \x93NUMPY}, a header dict
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (a, b), }} padded with spaces to a multiple of
 * 64 bytes and ended by a newline, then the values little-endian in C order. Fields are written as float64
 * ({@code <f8}) or float32 ({@code <f4}), atomically (temp file, then rename).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** An array read back: its shape and its values in C order. */
    public record Array(int[] shape, double[] data) {}

    public static void write(Path file, double[] data, int... shape) throws IOException { write(file, data, false, shape); }

    /** Writes {@code data} (C order) with the given shape, as float32 when {@code float32}. */
    public static void write(Path file, double[] data, boolean float32, int... shape) throws IOException {
        ByteBuffer b = start(float32 ? "<f4" : "<f8", data.length, float32 ? 4 : 8, shape);
        for (double v : data) {
            if (float32) b.putFloat((float) v);
            else b.putDouble(v);
        }
        ModelFile.writeAtomically(file, b.array());
    }

    /** Writes a complex array (complex128, numpy's {@code <c16}) of real parts {@code re} and imaginary parts {@code im}. */
    public static void writeComplex(Path file, double[] re, double[] im, int... shape) throws IOException {
        if (re.length != im.length) throw new IllegalArgumentException(re.length + " real parts, " + im.length + " imaginary");
        ByteBuffer b = start("<c16", re.length, 16, shape);
        for (int i = 0; i < re.length; i++) b.putDouble(re[i]).putDouble(im[i]);
        ModelFile.writeAtomically(file, b.array());
    }

    /** A buffer for {@code count} values of {@code width} bytes, holding the header already. */
    private static ByteBuffer start(String descr, int count, int width, int... shape) {
        long total = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            total *= s;
        }
        if (total != count) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + total + " values, data has " + count);
        StringBuilder dims = new StringBuilder();
        for (int s : shape) dims.append(s).append(", ");
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + width * count).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|]?)([fi])(\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads a version 1.x array of little-endian float32/float64 (or int32/int64) in C order. */
    public static Array read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC)) throw new IOException(file + ": not a .npy file");
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int major = all[6];
        int headerLen;
        int start;
        if (major == 1) { headerLen = Short.toUnsignedInt(b.getShort(8)); start = 10; }
        else { headerLen = b.getInt(8); start = 12; }
        String header = new String(all, start, headerLen, StandardCharsets.US_ASCII);
        if (header.contains("'fortran_order': True")) throw new IOException(file + ": Fortran order is not read here");
        Matcher d = DESCR.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || ">".equals(d.group(1))) throw new IOException(file + ": unsupported header " + header.strip());
        int width = Integer.parseInt(d.group(3));
        boolean isFloat = d.group(2).equals("f");
        String[] parts = s.group(1).split(",");
        int[] shape = Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long count = 1;
        for (int v : shape) count *= v;
        double[] data = new double[Math.toIntExact(count)];
        b.position(start + headerLen);
        if (b.remaining() < count * width) throw new IOException(file + ": truncated");
        for (int i = 0; i < data.length; i++)
            data[i] = isFloat ? (width == 4 ? b.getFloat() : b.getDouble()) : (width == 4 ? b.getInt() : b.getLong());
        return new Array(shape, data);
    }
}
