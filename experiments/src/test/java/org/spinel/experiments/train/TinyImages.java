package org.spinel.experiments.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.experiments.datasets.IdxFiles;
import org.spinel.networks.RandomStreams;

/**
 * A tiny learnable MNIST-style dataset for tests (CI has no Fashion-MNIST): 28 × 28 images in 10 classes, class c a
 * bright horizontal bar on rows 2c+4..2c+6 plus dim noise, written as the four gzip IDX files of the MNIST layout
 * (the lsm tests' {@code lsm.TinyImages} writes plain IDX files with banded classes of any size).
 */
public final class TinyImages {
    private TinyImages() {
    }

    /** Writes {@code train} training and {@code test} test images into {@code dir}; returns dir. */
    public static Path write(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        UniformRandomProvider rng = new RandomStreams(42).stream("tiny-images");
        part(dir, "train", train, rng);
        part(dir, "t10k", test, rng);
        return dir;
    }

    private static void part(Path dir, String prefix, int n, UniformRandomProvider rng) throws IOException {
        int rows = 28, cols = 28;
        byte[] px = new byte[n * rows * cols];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                    boolean bar = r >= 2 * c + 4 && r <= 2 * c + 6 && q >= 4 && q < 24;
                    int v = bar ? 160 + rng.nextInt(96) : rng.nextInt(60);
                    px[(i * rows + r) * cols + q] = (byte) v;
                }
            }
        }
        IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                IdxFiles.gzip(IdxFiles.idx(0x08, new int[] {n, rows, cols}, px)));
        IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.idx(0x08, new int[] {n}, labels)));
    }
}
