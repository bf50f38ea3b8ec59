package org.siren4j.pde;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.siren4j.core.ModelFile;

/**
 * Fields as PNG pictures: a symmetric blue-white-red map around zero (blue negative), scaled to the
 * field's largest magnitude, row 0 of the field (the lowest y) at the bottom of the picture.
 */
public final class FieldImages {
    private FieldImages() {}

    public static void write(Path file, double[] u, int nx, int ny) throws IOException {
        double m = 1e-300;
        for (double v : u) m = Math.max(m, Math.abs(v));
        BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < ny; i++)
            for (int j = 0; j < nx; j++) {
                double t = Math.max(-1, Math.min(1, u[i * nx + j] / m));
                int hi = 255, lo = (int) Math.round(255 * (1 - Math.abs(t)));
                int rgb = t >= 0 ? (hi << 16) | (lo << 8) | lo : (lo << 16) | (lo << 8) | hi;
                img.setRGB(j, ny - 1 - i, rgb);
            }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        ModelFile.writeAtomically(file, bytes.toByteArray());
    }
}
