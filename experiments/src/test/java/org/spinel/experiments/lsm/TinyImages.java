package org.spinel.experiments.lsm;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.spinel.experiments.datasets.DatasetPart;
import org.spinel.experiments.datasets.IdxFiles;

/**
 * A tiny learnable dataset in the MNIST layout for tests (CI has no Fashion-MNIST): an image of class c has a bright
 * horizontal band c (rows split into {@code classes} bands) on a dim noisy background, so a classifier of the
 * pixels, or of a liquid's response to them, can tell the classes apart.
 */
public final class TinyImages {
    private TinyImages() {
    }

    /** Writes train (labels i mod classes) and test parts of {@code rows × cols} images into {@code dir}. */
    public static Path write(Path dir, int nTrain, int nTest, int rows, int cols, int classes, long seed)
            throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 0x5DEECE66DL});
        part(dir, DatasetPart.TRAIN, nTrain, rows, cols, classes, rng);
        part(dir, DatasetPart.TEST, nTest, rows, cols, classes, rng);
        return dir;
    }

    private static void part(Path dir, DatasetPart part, int n, int rows, int cols, int classes,
            UniformRandomProvider rng) throws IOException {
        byte[] px = new byte[n * rows * cols], lab = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            lab[i] = (byte) c;
            for (int r = 0; r < rows; r++) {
                boolean band = r * classes / rows == c;
                for (int k = 0; k < cols; k++) {
                    int v = band ? 150 + rng.nextInt(106) : rng.nextInt(40);
                    px[(i * rows + r) * cols + k] = (byte) v;
                }
            }
        }
        IdxFiles.write(dir.resolve(part.prefix() + "-images-idx3-ubyte"), IdxFiles.idx(0x08, new int[] {n, rows, cols}, px));
        IdxFiles.write(dir.resolve(part.prefix() + "-labels-idx1-ubyte"), IdxFiles.idx(0x08, new int[] {n}, lab));
    }
}
