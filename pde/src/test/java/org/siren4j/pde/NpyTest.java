package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes against numpy's format description (NEP 1: version 1.0), and a round trip. */
class NpyTest {
    @TempDir Path dir;

    @Test
    void headerAndValuesFollowTheFormat() throws Exception {
        double[] v = {1.5, -2, 3, 4.25, 5, 6};
        Path f = dir.resolve("u.npy");
        Npy.write(f, v, 2, 3);
        byte[] all = Files.readAllBytes(f);
        assertThat(all[0]).isEqualTo((byte) 0x93);
        assertThat(new String(all, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(all[6]).isEqualTo((byte) 1);
        assertThat(all[7]).isEqualTo((byte) 0);
        int len = Short.toUnsignedInt(ByteBuffer.wrap(all, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertThat((10 + len) % 64).as("data starts on a 64-byte boundary").isZero();
        String header = new String(all, 10, len, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
        ByteBuffer data = ByteBuffer.wrap(all, 10 + len, all.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) assertThat(data.getDouble()).isEqualTo(x);
        assertThat(data.remaining()).isZero();

        Npy.Array back = Npy.read(f);
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.data()).containsExactly(v);

        Path g = dir.resolve("t.npy");
        Npy.write(g, new double[]{0.5, 0.25, 2}, true, 3);
        String h = new String(Files.readAllBytes(g), 10, 118, StandardCharsets.US_ASCII);
        assertThat(h).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }");
        assertThat(Npy.read(g).data()).containsExactly(0.5, 0.25, 2);
        assertThat(Files.list(dir)).hasSize(2); // no temp files left
    }
}
