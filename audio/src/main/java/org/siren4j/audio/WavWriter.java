package org.siren4j.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Writes a WAV file block by block (memory stays flat however long the sound) into a temp file beside the
 * target, which {@link #commit()} renames into place; closing without a commit deletes it, so a failed or
 * interrupted job never leaves half a file. PCM16 is TPDF-dithered (+-1 LSB, seeded: the same input gives
 * the same file); more than two channels use WAVE_FORMAT_EXTENSIBLE, as the format asks.
 */
public final class WavWriter implements AutoCloseable {

    public enum Format {
        PCM16(2), PCM24(3), FLOAT32(4);
        final int bytes;

        Format(int bytes) { this.bytes = bytes; }

        /** {@code pcm16}, {@code pcm24} or {@code float32}. */
        public static Format parse(String s) {
            for (Format f : values()) if (f.name().equalsIgnoreCase(s)) return f;
            throw new IllegalArgumentException("unknown format '" + s + "' (pcm16, pcm24 or float32)");
        }
    }

    private static final int HEADER = 12 + 8 + 40 + 8; // RIFF/WAVE, fmt (extensible size), data header

    private final Path target, tmp;
    private final FileChannel out;
    private final int channels, rate;
    private final Format format;
    private final SplittableRandom dither; // null: PCM16 rounds without dither
    private final ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long frames, clipped;
    private boolean committed;

    public WavWriter(Path target, int rate, int channels, Format format, long ditherSeed) throws IOException {
        this(target, rate, channels, format, new SplittableRandom(ditherSeed));
    }

    private WavWriter(Path target, int rate, int channels, Format format, SplittableRandom dither) throws IOException {
        if (rate < AudioFiles.MIN_RATE || rate > AudioFiles.MAX_RATE) throw new IllegalArgumentException("rate " + rate + " Hz out of range");
        if (channels < 1 || channels > 64) throw new IllegalArgumentException("channels " + channels + " out of range");
        this.target = target;
        this.rate = rate;
        this.channels = channels;
        this.format = format;
        this.dither = dither;
        tmp = org.siren4j.core.ModelFile.tempBeside(target);
        out = FileChannel.open(tmp, StandardOpenOption.WRITE);
        out.position(HEADER);
    }

    public WavWriter(Path target, int rate, int channels, Format format) throws IOException { this(target, rate, channels, format, 1); }

    /** Appends {@code count} frames: {@code samples[channel][offset + i]}. */
    public void write(double[][] samples, int offset, int count) throws IOException {
        if (samples.length != channels) throw new IllegalArgumentException(samples.length + " channels given, writer has " + channels);
        int frameBytes = channels * format.bytes;
        for (int i = 0; i < count; i++) {
            if (block.remaining() < frameBytes) flush();
            for (int c = 0; c < channels; c++) put(samples[c][offset + i]);
        }
        frames += count;
    }

    /** Appends one channel's samples (a mono writer). */
    public void write(double[] mono, int offset, int count) throws IOException { write(new double[][] {mono}, offset, count); }

    private void put(double v) {
        if (Double.isNaN(v)) throw new IllegalArgumentException("NaN sample");
        switch (format) {
            case FLOAT32 -> block.putFloat((float) v);
            case PCM16 -> {
                double s = v * 32768.0 + (dither == null ? 0 : dither.nextDouble() - dither.nextDouble()); // TPDF, 2 LSB peak to peak
                block.putShort((short) quantize(s, 32767));
            }
            case PCM24 -> {
                int s = quantize(v * 8388608.0, 8388607);
                block.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
            }
        }
    }

    private int quantize(double s, int max) {
        long r = Math.round(s);
        if (r > max || r < -max - 1) {
            clipped++;
            r = Math.max(-max - 1, Math.min(max, r));
        }
        return (int) r;
    }

    private void flush() throws IOException {
        block.flip();
        while (block.hasRemaining()) out.write(block);
        block.clear();
    }

    /** Samples that were outside the format's range and were clipped (PCM only). */
    public long clipped() { return clipped; }

    public long frames() { return frames; }

    /** Writes the header and renames the file into place. */
    public void commit() throws IOException {
        flush();
        long dataBytes = frames * channels * format.bytes;
        if (dataBytes + HEADER - 8 > 0xFFFFFFFFL) throw new IOException(target + ": more than 4 GiB of audio does not fit a WAV file");
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        boolean extensible = channels > 2;
        int fmtSize = extensible ? 40 : 18;
        int pad = 40 - fmtSize; // one header size for both layouts: a plain fmt chunk is followed by a JUNK chunk
        h.put("RIFF".getBytes()).putInt((int) (dataBytes + HEADER - 8)).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(fmtSize);
        int tag = format == Format.FLOAT32 ? 3 : 1;
        h.putShort((short) (extensible ? 0xFFFE : tag)).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * format.bytes).putShort((short) (channels * format.bytes)).putShort((short) (8 * format.bytes));
        if (extensible) {
            h.putShort((short) 22).putShort((short) (8 * format.bytes)).putInt(0); // valid bits, no speaker mask
            // the KSDATAFORMAT_SUBTYPE GUID: the format tag, then 00000000-0010-8000-00aa00389b71
            h.putInt(tag).putShort((short) 0x0000).putShort((short) 0x0010)
                    .put(new byte[] {(byte) 0x80, 0x00, 0x00, (byte) 0xaa, 0x00, 0x38, (byte) 0x9b, 0x71});
        } else {
            h.putShort((short) 0);
            h.put("JUNK".getBytes()).putInt(pad - 8).put(new byte[pad - 8]);
        }
        h.put("data".getBytes()).putInt((int) dataBytes);
        h.flip();
        out.write(h, 0);
        out.force(false);
        out.close();
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        out.close();
        Files.deleteIfExists(tmp);
    }

    /**
     * Writes a whole clip without dither: samples already on the 16-bit grid come out exactly as they were (a restored
     * file keeps its undamaged samples bit for bit).
     */
    public static void writeUndithered(Path target, Clip clip, Format format) throws IOException {
        try (WavWriter w = new WavWriter(target, clip.sampleRate(), clip.channels(), format, (SplittableRandom) null)) {
            w.write(clip.samples(), 0, clip.frames());
            w.commit();
        }
    }

    /** Writes a whole clip. */
    public static void write(Path target, Clip clip, Format format) throws IOException {
        try (WavWriter w = new WavWriter(target, clip.sampleRate(), clip.channels(), format)) {
            w.write(clip.samples(), 0, clip.frames());
            w.commit();
        }
    }
}
