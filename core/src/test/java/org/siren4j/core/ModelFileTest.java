package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir Path dir;

    private SirenModel sample() {
        SirenModel m = SirenModel.create(new SirenSpec(2, 16, 2, 3, 30, 30), 9);
        m.metadata().put("sample_rate", "44100");
        m.metadata().put("problem", "Helmholtz — k=20");
        return m;
    }

    @Test
    void roundTripIsBitExact() throws Exception {
        SirenModel m = sample();
        Path f = dir.resolve("m.siren");
        ModelFile.save(m, f);
        SirenModel back = ModelFile.load(f);
        assertThat(back.spec()).isEqualTo(m.spec());
        assertThat(back.metadata()).containsExactlyEntriesOf(m.metadata());
        for (int i = 0; i < m.parameters().size(); i++) {
            Buf a = m.parameters().get(i), b = back.parameters().get(i);
            for (int k = 0; k < a.length; k++)
                assertThat(Float.floatToRawIntBits((float) b.get(k))).isEqualTo(Float.floatToRawIntBits((float) a.get(k)));
        }
        assertThat(Files.list(dir)).as("no temp file left").hasSize(1);
    }

    /** Version 2 stores the input scales; a version-1 file (written here byte by byte, as version 1 laid it out) still loads. */
    @Test
    void inputScalesRoundTripAndVersionOneFilesStillLoad() throws Exception {
        SirenModel m = SirenModel.create(new SirenSpec(2, 16, 1, 1, 30, 30).withInputScale(4, 0.5), 3);
        Path f = dir.resolve("scaled.siren");
        ModelFile.save(m, f);
        SirenModel back = ModelFile.load(f);
        assertThat(back.spec().inputScale()).containsExactly(4, 0.5);
        assertThat(back.spec()).isEqualTo(m.spec());

        SirenModel plain = SirenModel.create(new SirenSpec(1, 16, 1, 1, 3000, 30), 4);
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream h = new java.io.DataOutputStream(header)) {
            h.writeInt(1); h.writeInt(16); h.writeInt(1); h.writeInt(1); h.writeDouble(3000); h.writeDouble(30);
            h.writeInt(1); h.writeUTF("sample_rate"); h.writeUTF("16000");
        }
        byte[] hb = header.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (8 + 8 + hb.length + 4 * plain.spec().parameterCount() + 4)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("SIREN4J\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(1).putInt(hb.length).put(hb);
        for (Buf p : plain.parameters()) for (int i = 0; i < p.length; i++) b.putFloat((float) p.get(i));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path v1 = dir.resolve("v1.siren");
        Files.write(v1, b.array());
        SirenModel old = ModelFile.load(v1);
        assertThat(old.spec()).isEqualTo(plain.spec());
        assertThat(old.spec().unitInputScale()).isTrue();
        assertThat(old.metadata()).containsEntry("sample_rate", "16000");
        assertThat(old.flatParameters()).isEqualTo(plain.flatParameters());
    }

    @Test
    void seedGivesIdenticalWeights() {
        assertThat(sample().flatParameters()).isEqualTo(sample().flatParameters());
        assertThat(SirenModel.create(new SirenSpec(2, 16, 2, 3, 30, 30), 10).flatParameters())
                .isNotEqualTo(sample().flatParameters());
    }

    @Test
    void damagedFilesAreRejectedWithAClearMessage() throws Exception {
        Path good = dir.resolve("good.siren");
        ModelFile.save(sample(), good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.siren");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ModelFile.load(truncated)).isInstanceOf(ModelFile.FormatException.class)
                .hasMessageContaining("truncated.siren").hasMessageContaining("truncated");

        Path flipped = dir.resolve("flipped.siren");
        byte[] b2 = bytes.clone();
        b2[b2.length / 2] ^= 0x10;
        Files.write(flipped, b2);
        assertThatThrownBy(() -> ModelFile.load(flipped)).hasMessageContaining("flipped.siren").hasMessageContaining("checksum");

        Path foreign = dir.resolve("song.wav");
        Files.write(foreign, "RIFF....WAVEfmt ".getBytes());
        assertThatThrownBy(() -> ModelFile.load(foreign)).hasMessageContaining("song.wav").hasMessageContaining("not a siren model");

        Path version = dir.resolve("future.siren");
        byte[] b3 = bytes.clone();
        b3[8] = 99;
        Files.write(version, b3);
        assertThatThrownBy(() -> ModelFile.load(version)).hasMessageContaining("unsupported model file version 99");

        assertThatThrownBy(() -> ModelFile.load(dir.resolve("missing.siren"))).hasMessageContaining("no such model file");
    }

    /** An output renamed over its target has the permissions of any new file there (before: owner-only, from createTempFile). */
    @Test
    void anAtomicallyWrittenFileHasTheFolderUsersDefaultPermissions() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path plain = dir.resolve("plain.txt"), written = dir.resolve("out/report.json");
        Files.write(plain, new byte[] {1});
        ModelFile.writeAtomically(written, new byte[] {1, 2});
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var left = Files.list(written.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("report.json");
        }
    }
}
