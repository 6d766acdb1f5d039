package org.spinel.results.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes NumPy {@code .npy} files (format version 1.0: magic, header dict padded with spaces to a multiple of 64
 * bytes ending in a newline, then little-endian C-order data), readable by {@code numpy.load}.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /** 1-D float64. */
    public static void write(Path file, double[] a) throws IOException {
        ByteBuffer b = buffer(8L * a.length);
        b.asDoubleBuffer().put(a);
        write(file, "<f8", "(" + a.length + ",)", b);
    }

    /** 1-D int64. */
    public static void write(Path file, long[] a) throws IOException {
        ByteBuffer b = buffer(8L * a.length);
        b.asLongBuffer().put(a);
        write(file, "<i8", "(" + a.length + ",)", b);
    }

    /** 1-D int32. */
    public static void write(Path file, int[] a) throws IOException {
        ByteBuffer b = buffer(4L * a.length);
        b.asIntBuffer().put(a);
        write(file, "<i4", "(" + a.length + ",)", b);
    }

    /** 2-D float64 [rows][cols], rows of equal length (C order). */
    public static void write(Path file, double[][] a) throws IOException {
        int cols = a.length == 0 ? 0 : a[0].length;
        ByteBuffer b = buffer(8L * a.length * cols);
        var d = b.asDoubleBuffer();
        for (double[] row : a) {
            if (row.length != cols) {
                throw new IllegalArgumentException("rows differ in length: " + row.length + " vs " + cols);
            }
            d.put(row);
        }
        write(file, "<f8", "(" + a.length + ", " + cols + ")", b);
    }

    private static ByteBuffer buffer(long bytes) {
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("array of " + bytes + " bytes is too large for one NPY buffer");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The 10-byte preamble plus the padded header dict for {@code descr} and {@code shape}. */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String h = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length());
        b.put(h.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static void write(Path file, String descr, String shape, ByteBuffer data) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(header(descr, shape));
            out.write(data.array());
        }
    }
}
