package org.spinel.experiments.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files byte by byte for the tests (independent of the reader under test). */
public final class IdxFiles {
    private IdxFiles() {
    }

    /** The IDX bytes: 0x00 0x00 type rank, big-endian int32 sizes, data. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(type);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code plain} gzip-compressed. */
    public static byte[] gzip(byte[] plain) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bytes)) {
                out.write(plain);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    /** Pixel k of the tiny test images: a pattern that uses the whole byte range. */
    static byte pixel(int k) {
        return (byte) (k * 37 + 11);
    }

    /**
     * Writes a tiny MNIST-style part into {@code dir}: n images of rows × cols with pixels {@link #pixel} and
     * labels i % 10, under the standard names (gzip when asked).
     */
    static void writePart(Path dir, DatasetPart part, int n, int rows, int cols, boolean gz) throws IOException {
        byte[] px = new byte[n * rows * cols];
        for (int k = 0; k < px.length; k++) {
            px[k] = pixel(k);
        }
        byte[] lab = new byte[n];
        for (int i = 0; i < n; i++) {
            lab[i] = (byte) (i % 10);
        }
        byte[] images = idx(0x08, new int[] {n, rows, cols}, px), labels = idx(0x08, new int[] {n}, lab);
        String suffix = gz ? ".gz" : "";
        write(dir.resolve(part.prefix() + "-images-idx3-ubyte" + suffix), gz ? gzip(images) : images);
        write(dir.resolve(part.prefix() + "-labels-idx1-ubyte" + suffix), gz ? gzip(labels) : labels);
    }
}
