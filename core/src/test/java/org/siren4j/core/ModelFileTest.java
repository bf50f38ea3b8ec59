package org.siren4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class ModelFileTest {
    @TempDir Path dir;

    private SirenModel sample() {
        SirenModel m = SirenModel.create(new SirenSpec(2, 16, 2, 3, 30, 30), DataType.FLOAT, 9);
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

    @Test
    void seedGivesIdenticalWeights() {
        assertThat(sample().flatParameters()).isEqualTo(sample().flatParameters());
        assertThat(SirenModel.create(new SirenSpec(2, 16, 2, 3, 30, 30), DataType.FLOAT, 10).flatParameters())
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
}
