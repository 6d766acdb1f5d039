package org.spinel.experiments.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (LeCun's MNIST format): a 4-byte big-endian magic {@code 0x00 0x00 type rank}, then {@code rank}
 * big-endian int32 sizes, then the data in row-major order. Only unsigned-byte data (type {@code 0x08}) is
 * supported, which is what (Fashion-)MNIST images ({@code 0x00000803}) and labels ({@code 0x00000801}) use.
 *
 * <p>Gzip-compressed files are recognised by their magic bytes {@code 0x1f 0x8b}, whatever the file is called:
 * a {@code .gz} file is decompressed, and a file named {@code .gz} that a browser already decompressed is read as
 * it is. Every format error names the file and the byte offset (in the decompressed stream for gzip files).
 * Bytes after the data are an error (they mean a wrong header or a concatenated file).
 */
public final class IdxReader {
    /** The IDX type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;
    private static final int CHUNK = 1 << 20;

    private IdxReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws java.io.FileNotFoundException if it does not exist
     * @throws IdxFormatException            if it is not a valid, complete IDX file of unsigned bytes
     * @throws IOException                   on other read errors
     */
    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(in, file + (gzip ? " (gzip; offsets in the decompressed data)" : ""));
        } catch (NoSuchFileException e) {
            throw new java.io.FileNotFoundException(file + ": no such IDX file");
        }
    }

    /**
     * Reads an uncompressed IDX stream; {@code name} is used in error messages. The stream is read to its end but
     * not closed.
     */
    public static IdxArray read(InputStream in, String name) throws IOException {
        byte[] head = new byte[4];
        int got = readFully(in, head, 0, 4, name, 0);
        if (got < 4) {
            throw new IdxFormatException(name + ": truncated: expected a 4-byte IDX magic number at offset 0, found "
                    + got + " bytes");
        }
        int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
        if (head[0] != 0 || head[1] != 0) {
            throw new IdxFormatException(name + ": not an IDX file: magic number " + hex(magic)
                    + " at offset 0; expected 0x0000TTRR (TT the type, RR the rank; 0x00000803 for images, "
                    + "0x00000801 for labels)");
        }
        int type = head[2] & 0xff, rank = head[3] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(name + ": IDX data type 0x" + String.format("%02X", type) + " (" + typeName(type)
                    + ") at offset 2 is not supported: expected 0x08 (unsigned byte)");
        }
        if (rank == 0) {
            throw new IdxFormatException(name + ": IDX rank 0 at offset 3: expected at least 1 dimension");
        }
        byte[] dimBytes = new byte[4 * rank];
        got = readFully(in, dimBytes, 0, dimBytes.length, name, 4);
        if (got < dimBytes.length) {
            throw new IdxFormatException(name + ": truncated: expected " + rank + " dimension sizes (" + dimBytes.length
                    + " bytes) at offset 4, the file ends at offset " + (4 + got));
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int k = 0; k < rank; k++) {
            int o = 4 * k;
            dims[k] = ((dimBytes[o] & 0xff) << 24) | ((dimBytes[o + 1] & 0xff) << 16) | ((dimBytes[o + 2] & 0xff) << 8)
                    | (dimBytes[o + 3] & 0xff);
            if (dims[k] < 0) {
                throw new IdxFormatException(name + ": dimension " + k + " = " + dims[k] + " at offset " + (4 + o)
                        + ": expected a size >= 0");
            }
            total *= dims[k];
            if (total > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(name + ": dimensions " + describe(dims, k + 1)
                        + " exceed the largest Java array (2^31 − 9 bytes)");
            }
        }
        long dataOffset = 4 + 4L * rank;
        byte[] data = new byte[(int) total];
        got = readFully(in, data, 0, data.length, name, dataOffset);
        if (got < data.length) {
            throw new IdxFormatException(name + ": truncated: expected " + data.length + " data bytes ("
                    + describe(dims, rank) + ") from offset " + dataOffset + ", the file ends at offset "
                    + (dataOffset + got));
        }
        int extra;
        try {
            extra = in.read();
        } catch (IOException e) {
            throw new IdxFormatException(name + ": read error after the data at offset " + (dataOffset + got) + ": "
                    + e.getMessage(), e);
        }
        if (extra >= 0) {
            throw new IdxFormatException(name + ": unexpected bytes after the IDX data at offset "
                    + (dataOffset + data.length) + " (the header says " + describe(dims, rank) + ")");
        }
        return new IdxArray(dims, data);
    }

    /** Reads up to len bytes; returns how many were read before the end; wraps I/O errors with the offset. */
    private static int readFully(InputStream in, byte[] b, int off, int len, String name, long base)
            throws IdxFormatException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.readNBytes(b, off + done, Math.min(CHUNK, len - done));
            } catch (IOException e) {
                // GZIPInputStream reports a cut or corrupt stream as EOFException / ZipException.
                throw new IdxFormatException(name + ": read error at offset about " + (base + done) + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the file is truncated or corrupt",
                        e);
            }
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static String describe(int[] dims, int upTo) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < upTo; k++) {
            b.append(k == 0 ? "" : " × ").append(dims[k]);
        }
        return b.toString();
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }
}
