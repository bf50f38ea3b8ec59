package org.siren4j.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Sound files in and out. Reading goes through javax.sound (WAV with PCM 8/16/24/32-bit, float 32/64 and
 * WAVE_FORMAT_EXTENSIBLE; AIFF; AU; mu-law and A-law converted to PCM), with the checks javax.sound leaves
 * out: a data chunk shorter than its header says, zero frames, NaN or infinite samples, an absurd rate.
 * Writing is {@link WavWriter} (streamed, atomic).
 */
public final class AudioFiles {
    private AudioFiles() {}

    /** The rates a file may declare: anything outside is a damaged header, not audio. */
    public static final int MIN_RATE = 1000, MAX_RATE = 1_536_000;

    /** A file that cannot be read as audio; the message names the file and the fault in one line. */
    public static final class BadAudioException extends IOException {
        public BadAudioException(Path file, String what) { super(file + ": " + what); }
    }

    public static Clip read(Path file) throws IOException {
        if (!Files.exists(file)) throw new BadAudioException(file, "no such file");
        if (!Files.isRegularFile(file)) throw new BadAudioException(file, "not a regular file");
        if (Files.size(file) == 0) throw new BadAudioException(file, "empty file");
        AudioInputStream raw;
        try {
            raw = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new BadAudioException(file, "not a readable audio file (WAV, AIFF or AU)" + headerHint(file));
        } catch (EOFException e) {
            throw new BadAudioException(file, "truncated header");
        }
        try (AudioInputStream in = decodable(file, raw)) {
            AudioFormat f = in.getFormat();
            float rate = f.getSampleRate();
            if (!(rate >= MIN_RATE && rate <= MAX_RATE) || rate != Math.rint(rate))
                throw new BadAudioException(file, "absurd sample rate " + rate + " Hz (expected a whole number from " + MIN_RATE + " to " + MAX_RATE + ")");
            int bytes = f.getSampleSizeInBits() / 8, ch = f.getChannels();
            if (bytes < 1 || bytes > 8 || ch < 1 || f.getFrameSize() != bytes * ch || f.getSampleSizeInBits() % 8 != 0)
                throw new BadAudioException(file, "unsupported sample layout (" + f + ")");
            byte[] data = in.readAllBytes();
            long declared = in.getFrameLength();
            int frames = data.length / f.getFrameSize();
            if (declared != AudioSystem.NOT_SPECIFIED && declared > frames || data.length % f.getFrameSize() != 0)
                throw new BadAudioException(file, "truncated data (" + frames + " of " + declared + " frames present)");
            if (frames == 0) throw new BadAudioException(file, "no samples");
            double[][] out = new double[ch][frames];
            decode(data, f, out);
            for (int c = 0; c < ch; c++)
                for (int i = 0; i < frames; i++)
                    if (!Double.isFinite(out[c][i]))
                        throw new BadAudioException(file, (Double.isNaN(out[c][i]) ? "NaN" : "infinite") + " sample at frame " + i + (ch > 1 ? ", channel " + c : ""));
            return new Clip((int) rate, out);
        } catch (EOFException e) {
            throw new BadAudioException(file, "truncated data");
        }
    }

    /** PCM or float as is; anything else javax.sound can convert (mu-law, A-law) becomes 16-bit PCM. */
    private static AudioInputStream decodable(Path file, AudioInputStream in) throws IOException {
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        if (e.equals(AudioFormat.Encoding.PCM_SIGNED) || e.equals(AudioFormat.Encoding.PCM_UNSIGNED) || e.equals(AudioFormat.Encoding.PCM_FLOAT))
            return in;
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(), 2 * f.getChannels(), f.getSampleRate(), false);
        if (!AudioSystem.isConversionSupported(pcm, f)) {
            in.close();
            throw new BadAudioException(file, "encoding " + e + " cannot be decoded");
        }
        return AudioSystem.getAudioInputStream(pcm, in);
    }

    /** Why javax.sound refused a file that starts like a WAV: a short file is most often a cut-off header. */
    private static String headerHint(Path file) throws IOException {
        byte[] head = new byte[12];
        int got;
        try (InputStream s = Files.newInputStream(file)) { got = s.readNBytes(head, 0, 12); }
        String tag = new String(head, 0, Math.min(4, got), java.nio.charset.StandardCharsets.ISO_8859_1);
        if ((tag.equals("RIFF") || tag.equals("FORM") || tag.equals(".snd")) && Files.size(file) < 64) return ": truncated header";
        return "";
    }

    private static void decode(byte[] data, AudioFormat f, double[][] out) {
        int bytes = f.getSampleSizeInBits() / 8, ch = out.length, frames = out[0].length;
        boolean big = f.isBigEndian();
        ByteBuffer bb = ByteBuffer.wrap(data).order(big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        AudioFormat.Encoding enc = f.getEncoding();
        boolean isFloat = enc.equals(AudioFormat.Encoding.PCM_FLOAT), unsigned = enc.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        double full = Math.scalb(1.0, 8 * bytes - 1);
        for (int i = 0; i < frames; i++)
            for (int c = 0; c < ch; c++) {
                int at = (i * ch + c) * bytes;
                double v;
                if (isFloat) {
                    v = bytes == 4 ? bb.getFloat(at) : bb.getDouble(at);
                } else {
                    long x = 0;
                    for (int k = 0; k < bytes; k++) x = (x << 8) | (data[at + (big ? k : bytes - 1 - k)] & 0xff);
                    if (unsigned) x -= 1L << (8 * bytes - 1);
                    else x = (x << (64 - 8 * bytes)) >> (64 - 8 * bytes);
                    v = x / full;
                }
                out[c][i] = v;
            }
    }
}
