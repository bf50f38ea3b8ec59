package org.siren4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.Objective;
import org.siren4j.core.Precision;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.cpu.Vectors;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (a library user who forgot the flag, a cluster's
 * executor) trains on the scalar kernels with one warning line instead of failing at class load, and reaches what the
 * vectorised kernels reach: Adam through the fused engine, and a Levenberg-Marquardt fit through a linear map.
 */
class WithoutVectorApiTest {
    @TempDir Path dir;

    /** Adam's and LM's final losses, and whether the vector kernels ran. */
    static String train() {
        Objective obj = TrainerTest.sineObjective(400);
        SirenModel net = SirenModel.create(new SirenSpec(1, 32, 1, 1, 30, 30), 3);
        int n = 64;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = -1 + 2.0 * i / (n - 1);
        LinearMapFitTest.PickAndSmooth a = new LinearMapFitTest.PickAndSmooth(n, 0.3);
        double[] b = new double[a.rows()];
        for (int i = 0; i < n / 2; i++) b[i] = Math.sin(3 * x[2 * i]) + 0.2 * Math.cos(11 * x[2 * i]);
        SirenModel small = SirenModel.create(new SirenSpec(1, 32, 1, 1, 3, 30), Precision.FLOAT64, 7);
        try (FusedEngine e = new FusedEngine()) {
            double adam = new Trainer(e).train(net, obj, Trainer.Config.of(400, 1e-3), p -> { }).finalLoss();
            double lm = LevenbergMarquardt.fit(small, x, a, b, 1e9, 300);
            return String.format(Locale.ROOT, "%s %.17g %.17g", Vectors.AVAILABLE, adam, lm);
        }
    }

    public static void main(String[] args) {
        System.out.println(train());
    }

    @Test
    void trainsOnScalarKernelsWithOneWarning() throws Exception {
        String[] mine = train().split(" ");
        assertThat(mine[0]).as("the tests' JVM has the Vector API").isEqualTo("true");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        // the same class path, none of the test JVM's flags: no --add-modules
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                WithoutVectorApiTest.class.getName()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isZero();
        List<String> warnings = stderr.lines().filter(l -> l.contains("siren4j")).toList();
        assertThat(warnings).as(stderr).hasSize(1);
        assertThat(warnings.get(0)).contains("--add-modules jdk.incubator.vector").contains("scalar");
        String[] theirs = Files.readString(out).strip().split(" ");
        assertThat(theirs[0]).isEqualTo("false");
        double adamV = Double.parseDouble(mine[1]), adamS = Double.parseDouble(theirs[1]);
        double lmV = Double.parseDouble(mine[2]), lmS = Double.parseDouble(theirs[2]);
        System.out.printf(Locale.ROOT, "final losses, vector / scalar kernels: Adam %.4g / %.4g, LM %.4g / %.4g%n", adamV, adamS, lmV, lmS);
        // float32 sums in another order: the same fit to a few per cent, not the same bits
        assertThat(adamS).isCloseTo(adamV, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(lmS).isCloseTo(lmV, org.assertj.core.data.Percentage.withPercentage(1));
    }
}
