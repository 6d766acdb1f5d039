package org.spinel.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spinel.experiments.datasets.IdxFiles.gzip;
import static org.spinel.experiments.datasets.IdxFiles.idx;
import static org.spinel.experiments.datasets.IdxFiles.write;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written byte by byte, read back plain and gzip; every kind of damage gives a precise message. */
class IdxReaderTest {
    @TempDir
    Path dir;

    static byte[] data(int n) {
        byte[] d = new byte[n];
        for (int k = 0; k < n; k++) {
            d[k] = IdxFiles.pixel(k);
        }
        return d;
    }

    @Test
    void roundTripPlainAndGzip() throws IOException {
        byte[] px = data(3 * 4 * 5);
        byte[] file = idx(0x08, new int[] {3, 4, 5}, px);
        for (Path p : new Path[] {write(dir.resolve("a-idx3-ubyte"), file),
                write(dir.resolve("a-idx3-ubyte.gz"), gzip(file)),
                write(dir.resolve("gzip-without-suffix"), gzip(file)),       // detected by the magic bytes
                write(dir.resolve("already-decompressed.gz"), file)}) {      // a .gz name on plain content
            IdxArray a = IdxReader.read(p);
            assertEquals(3, a.rank(), p.toString());
            assertArrayEquals(new int[] {3, 4, 5}, a.dimensions());
            assertArrayEquals(px, a.data());
            assertEquals(px[7] & 0xff, a.unsigned(7));
            assertEquals("IDX ubyte 3 × 4 × 5", a.toString());
        }
    }

    @Test
    void unsignedBytesAbove127AreReadAsSuch() throws IOException {
        Path p = write(dir.resolve("labels"), idx(0x08, new int[] {3}, new byte[] {(byte) 255, (byte) 128, 9}));
        IdxArray a = IdxReader.read(p);
        assertEquals(255, a.unsigned(0));
        assertEquals(128, a.unsigned(1));
        assertEquals(9, a.unsigned(2));
    }

    @Test
    void emptyDimensionIsFine() throws IOException {
        IdxArray a = IdxReader.read(write(dir.resolve("empty"), idx(0x08, new int[] {0, 28, 28}, new byte[0])));
        assertEquals(0, a.dimension(0));
        assertEquals(0, a.data().length);
    }

    static String message(Path p) {
        return assertThrows(IdxFormatException.class, () -> IdxReader.read(p)).getMessage();
    }

    @Test
    void badMagicNamesTheFileAndOffset() throws IOException {
        Path p = write(dir.resolve("not-idx.bin"), "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String m = message(p);
        assertTrue(m.contains(p.toString()) && m.contains("magic number 0x68656C6C at offset 0"), m);
    }

    @Test
    void unsupportedTypeIsNamed() throws IOException {
        String m = message(write(dir.resolve("floats"), idx(0x0D, new int[] {1}, new byte[4])));
        assertTrue(m.contains("type 0x0D (float) at offset 2") && m.contains("unsigned byte"), m);
    }

    @Test
    void truncationIsReportedWithTheOffset() throws IOException {
        byte[] file = idx(0x08, new int[] {10, 28, 28}, data(7840));
        // Cut inside the magic, inside the sizes, and inside the data.
        String m = message(write(dir.resolve("cut2"), Arrays.copyOf(file, 2)));
        assertTrue(m.contains("cut2") && m.contains("offset 0") && m.contains("found 2 bytes"), m);
        m = message(write(dir.resolve("cut9"), Arrays.copyOf(file, 9)));
        assertTrue(m.contains("3 dimension sizes (12 bytes) at offset 4") && m.contains("ends at offset 9"), m);
        m = message(write(dir.resolve("cut1000"), Arrays.copyOf(file, 1000)));
        assertTrue(m.contains("expected 7840 data bytes (10 × 28 × 28) from offset 16")
                && m.contains("ends at offset 1000"), m);
        // The same file gzip-compressed, then cut: the offset is in the decompressed stream.
        Path gz = write(dir.resolve("cut.gz"), gzip(Arrays.copyOf(file, 1000)));
        m = message(gz);
        assertTrue(m.contains("cut.gz (gzip; offsets in the decompressed data)") && m.contains("ends at offset 1000"),
                m);
        // A gzip stream itself cut short.
        byte[] compressed = gzip(file);
        m = message(write(dir.resolve("broken.gz"), Arrays.copyOf(compressed, compressed.length / 2)));
        assertTrue(m.contains("broken.gz") && m.contains("truncated or corrupt"), m);
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] file = idx(0x08, new int[] {4}, data(4));
        String m = message(write(dir.resolve("long"), Arrays.copyOf(file, file.length + 3)));
        assertTrue(m.contains("unexpected bytes after the IDX data at offset 12"), m);
    }

    @Test
    void negativeSizeAndMissingFile() throws IOException {
        String m = message(write(dir.resolve("neg"), idx(0x08, new int[] {2, -1}, new byte[0])));
        assertTrue(m.contains("dimension 1 = -1 at offset 8"), m);
        Path missing = dir.resolve("nope-idx1-ubyte");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> IdxReader.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
