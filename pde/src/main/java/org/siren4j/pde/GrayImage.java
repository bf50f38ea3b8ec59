package org.siren4j.pde;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.siren4j.core.ModelFile;

/**
 * A grey-scale picture, {@code pixels[r * width + c]} with row 0 at the top, values in [0, 1] for pictures read
 * from PNG/JPEG/BMP (luma of ITU-R BT.601, 8 or 16 bits) and as stored for a 2-D {@code .npy} array.
 */
public record GrayImage(int width, int height, double[] pixels) {
    public GrayImage {
        if (width < 1 || height < 1 || pixels.length != width * height)
            throw new IllegalArgumentException("image of " + width + "x" + height + " with " + pixels.length + " pixels");
    }

    /** Reads a picture or a 2-D {@code .npy} array; a file that cannot be read, or that holds NaN, is refused in one line. */
    public static GrayImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no image at " + file);
        GrayImage img;
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
            Npy.Array a = Npy.read(file);
            if (a.shape().length != 2) throw new IllegalArgumentException(file + ": an image array must be 2-D, got " + a.shape().length + "-D");
            img = new GrayImage(a.shape()[1], a.shape()[0], a.data());
        } else {
            BufferedImage b;
            try {
                b = ImageIO.read(file.toFile());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + " cannot be read as an image: " + e.getMessage());
            }
            if (b == null) throw new IllegalArgumentException(file + " cannot be read as an image (PNG, JPEG, BMP, GIF or .npy)");
            img = fromPicture(b);
        }
        for (int k = 0; k < img.pixels.length; k++)
            if (!Double.isFinite(img.pixels[k]))
                throw new IllegalArgumentException(file + ": pixel (row " + k / img.width + ", column " + k % img.width + ") is " + img.pixels[k]);
        return img;
    }

    private static GrayImage fromPicture(BufferedImage b) {
        int w = b.getWidth(), h = b.getHeight();
        double[] p = new double[w * h];
        Raster raster = b.getRaster();
        boolean gray = raster.getNumBands() <= 2 && b.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        double max = (1L << b.getColorModel().getComponentSize(0)) - 1;
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++) {
                if (gray) {
                    p[r * w + c] = raster.getSample(c, r, 0) / max;
                } else {
                    int rgb = b.getRGB(c, r);
                    p[r * w + c] = (0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255)) / 255.0;
                }
            }
        return new GrayImage(w, h, p);
    }

    /**
     * The centred square of the picture, resampled to {@code size x size} by area averaging (a box filter for
     * an integer factor, so a 512-pixel picture at 128 is the mean of each 4x4 block).
     */
    public GrayImage square(int size) {
        if (size < 3) throw new IllegalArgumentException("an image side must be at least 3, got " + size);
        int side = Math.min(width, height), r0 = (height - side) / 2, c0 = (width - side) / 2;
        double[][] wts = areaWeights(side, size);
        double[] rows = new double[size * side]; // resample the columns of each row first
        for (int r = 0; r < side; r++)
            for (int k = 0; k < size; k++) {
                double s = 0;
                for (int c = 0; c < side; c++) if (wts[k][c] != 0) s += wts[k][c] * pixels[(r0 + r) * width + c0 + c];
                rows[k * side + r] = s;
            }
        double[] out = new double[size * size];
        for (int k = 0; k < size; k++)          // output column
            for (int m = 0; m < size; m++) {    // output row
                double s = 0;
                for (int r = 0; r < side; r++) if (wts[m][r] != 0) s += wts[m][r] * rows[k * side + r];
                out[m * size + k] = s;
            }
        return new GrayImage(size, size, out);
    }

    /** w[k][i]: the share of input cell i in output cell k, when n input cells cover the same span as m output cells. */
    private static double[][] areaWeights(int n, int m) {
        double[][] w = new double[m][n];
        double f = (double) n / m;
        for (int k = 0; k < m; k++) {
            double a = k * f, b = (k + 1) * f;
            if (f < 1) { // upsampling: take the input cell the output centre lies in
                w[k][Math.min(n - 1, (int) Math.floor((a + b) / 2))] = 1;
                continue;
            }
            for (int i = (int) Math.floor(a); i < Math.min(n, (int) Math.ceil(b)); i++)
                w[k][i] = (Math.min(b, i + 1) - Math.max(a, i)) / f;
        }
        return w;
    }

    /** Writes the picture as an 8-bit grey PNG (values clipped to [0, 1]), atomically. */
    public void writePng(Path file) throws IOException {
        BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++)
                b.getRaster().setSample(c, r, 0, (int) Math.round(255 * Math.max(0, Math.min(1, pixels[r * width + c]))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(b, "png", bytes);
        ModelFile.writeAtomically(file, bytes.toByteArray());
    }
}
