package org.siren4j.pde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siren4j.core.Engines;
import org.siren4j.core.SirenEngine;
import org.siren4j.core.SirenModel;
import org.siren4j.core.SirenSpec;
import org.siren4j.core.train.Schedule;
import org.siren4j.core.train.Trainer;

class PoissonImageTest {
    @TempDir Path dir;

    private static GrayImage of(int n, java.util.function.DoubleBinaryOperator f) {
        double[] p = new double[n * n]; // row 0 at the top: y = +1
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++) p[r * n + c] = f.applyAsDouble(-1 + 2.0 * c / (n - 1), 1 - 2.0 * r / (n - 1));
        return new GrayImage(n, n, p);
    }

    @Test
    void sobelIsExactOnAPlaneAndTheLaplacianOnAQuadratic() {
        // picture value p = 0.5 + 0.1 x - 0.2 y  ->  field u = 2p - 1 = 0.2 x - 0.4 y
        PoissonImage plane = new PoissonImage(of(16, (x, y) -> 0.5 + 0.1 * x - 0.2 * y), PoissonImage.From.GRADIENT);
        double[] gx = plane.sobel(true), gy = plane.sobel(false);
        for (int i = 1; i < 15; i++)
            for (int j = 1; j < 15; j++) {
                assertThat(gx[i * 16 + j]).isCloseTo(0.2, within(1e-12));
                assertThat(gy[i * 16 + j]).isCloseTo(-0.4, within(1e-12));
            }
        // p = 0.5 + 0.1 (x^2 + 3 y^2)  ->  Lap u = 0.2 (2 + 6) = 1.6
        PoissonImage quad = new PoissonImage(of(16, (x, y) -> 0.5 + 0.1 * (x * x + 3 * y * y)), PoissonImage.From.LAPLACIAN);
        double[] lap = quad.laplacian();
        for (int i = 1; i < 15; i++) for (int j = 1; j < 15; j++) assertThat(lap[i * 16 + j]).isCloseTo(1.6, within(1e-9));
    }

    @Test
    void spectralGradientIsExactForATrigonometricPolynomialOfTheReflectedPicture() {
        int n = 24;
        double h = 2.0 / (n - 1), period = 2 * n * h;
        // even about x = -1 - h/2 with period 2 n h: a cosine series of the reflection the derivative assumes
        double w1 = 2 * Math.PI * 3 / period, w2 = 2 * Math.PI * 5 / period;
        java.util.function.DoubleBinaryOperator u = (x, y) -> 0.5 + 0.2 * Math.cos(w1 * (x + 1 + h / 2)) * Math.cos(w2 * (y + 1 + h / 2));
        PoissonImage p = new PoissonImage(of(n, u), PoissonImage.From.GRADIENT, PoissonImage.Stencil.SPECTRAL);
        double[] gx = p.spectral(true), gy = p.spectral(false);
        Grid g = p.grid();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double x = g.x(j) + 1 + h / 2, y = g.y(i) + 1 + h / 2;
                assertThat(gx[i * n + j]).isCloseTo(-0.4 * w1 * Math.sin(w1 * x) * Math.cos(w2 * y), within(1e-9));
                assertThat(gy[i * n + j]).isCloseTo(-0.4 * w2 * Math.cos(w1 * x) * Math.sin(w2 * y), within(1e-9));
            }
    }

    @Test
    void scoringFitsWhatTheSupervisionCannotSee() {
        PoissonImage grad = new PoissonImage(of(32, (x, y) -> 0.5 + 0.3 * Math.sin(2 * x) * y), PoissonImage.From.GRADIENT);
        double[] shifted = grad.truth();
        for (int k = 0; k < shifted.length; k++) shifted[k] += 0.3;
        assertThat(grad.score(shifted).psnrDb()).isGreaterThan(100);
        PoissonImage image = new PoissonImage(of(32, (x, y) -> 0.5 + 0.3 * Math.sin(2 * x) * y), PoissonImage.From.IMAGE);
        assertThat(image.score(shifted).psnrDb()).isCloseTo(10 * Math.log10(1 / (0.15 * 0.15)), within(0.5)); // offset 0.3 in [-1, 1] = 0.15
        PoissonImage lap = new PoissonImage(of(32, (x, y) -> 0.5 + 0.3 * Math.sin(2 * x) * y), PoissonImage.From.LAPLACIAN);
        double[] harmonic = lap.truth(), pts = lap.grid().points();
        for (int k = 0; k < harmonic.length; k++) {
            double x = pts[2 * k], y = pts[2 * k + 1];
            harmonic[k] += 0.1 + 0.05 * (x * x - y * y) - 0.02 * x * y * (x * x - y * y);
        }
        assertThat(lap.score(harmonic).psnrDb()).isGreaterThan(100);
    }

    @Test
    void picturesAreReadResampledAndRefused() throws Exception {
        BufferedImage b = new BufferedImage(6, 6, BufferedImage.TYPE_USHORT_GRAY);
        for (int r = 0; r < 6; r++) for (int c = 0; c < 6; c++) b.getRaster().setSample(c, r, 0, (r * 6 + c) * 1000);
        Path png = dir.resolve("g16.png");
        ImageIO.write(b, "png", png.toFile());
        GrayImage img = GrayImage.read(png);
        assertThat(img.pixels()[7]).isCloseTo(7 * 1000 / 65535.0, within(1e-12));
        GrayImage half = img.square(3);  // box means of the 2x2 blocks
        assertThat(half.pixels()[0]).isCloseTo((0 + 1 + 6 + 7) * 250 / 65535.0, within(1e-12));
        assertThat(half.pixels()[8]).isCloseTo((28 + 29 + 34 + 35) * 250 / 65535.0, within(1e-12));

        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, new double[] {0, 1, Double.NaN, 0.5}, 2, 2);
        assertThatThrownBy(() -> GrayImage.read(nan)).hasMessageContaining("row 1, column 0").hasMessageContaining("NaN");
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "not a picture");
        assertThatThrownBy(() -> GrayImage.read(junk)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> GrayImage.read(dir.resolve("missing.png"))).hasMessageContaining("no image");
    }

    /** A short training from the gradient alone raises the PSNR against the picture by a fixed margin. */
    @Test
    void shortTrainingFromTheGradientRecoversThePicture() {
        PoissonImage p = new PoissonImage(of(32, (x, y) -> 0.5 + 0.3 * Math.sin(2 * x + 1) * Math.cos(3 * y) * Math.exp(-x * x)),
                PoissonImage.From.GRADIENT);
        SirenModel m = SirenModel.create(new SirenSpec(2, 64, 2, 1, 10, 30), 1);
        double[] xy = p.grid().points();
        try (SirenEngine e = Engines.cpu()) {
            double before = p.score(m.evaluate(e, xy, 32 * 32)).psnrDb();
            new Trainer(e).train(m, p.objective(0), Trainer.Config.builder().steps(300).schedule(Schedule.cosine(1e-3, 0.05)).build(), q -> {});
            double after = p.score(m.evaluate(e, xy, 32 * 32)).psnrDb();
            assertThat(after).as("PSNR before %.1f dB", before).isGreaterThan(before + 15).isGreaterThan(35);
        }
    }
}
