package org.spinel.results.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;
import org.spinel.results.plot.Plots;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;

/** Exports read back by independent readers: a hand-written NPY parser, jhdf's HDF5 reader, ImageIO. */
class ExportRoundTripTest {
    @TempDir
    Path dir;

    static Recording sample() {
        SpikeTrains s = new SpikeTrains("E", 5, 0.1, new long[] {0, 3, 3, 17}, new int[] {4, 0, 2, 1});
        StateTrace t = new StateTrace("E", "v", "mV", new int[] {0, 3}, 0.1, 0, 2,
                new double[][] {{-60, -55.5}, {-59.25, -54}, {-58.125, 1e-300}});
        PopulationRate r = new PopulationRate("E", 5, 0.1, 0, 10, new long[] {3, 0, 1});
        return new Recording(Map.of("E", s), Map.of("E.v", t), Map.of("E", r));
    }

    /** Minimal independent NPY reader: checks magic/version/padding, parses descr/fortran_order/shape. */
    record Npy(String descr, int[] shape, ByteBuffer data) {
        static Npy read(Path p) throws Exception {
            byte[] b = Files.readAllBytes(p);
            assertEquals((byte) 0x93, b[0]);
            assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, b[6]);
            assertEquals(0, b[7]);
            int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            assertEquals(0, (10 + hlen) % 64, "header padded to 64 bytes");
            String h = new String(b, 10, hlen, StandardCharsets.US_ASCII);
            assertTrue(h.endsWith("\n"));
            Matcher d = Pattern.compile("'descr': '([^']+)'").matcher(h);
            Matcher f = Pattern.compile("'fortran_order': (True|False)").matcher(h);
            Matcher s = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(h);
            assertTrue(d.find() && f.find() && s.find(), h);
            assertEquals("False", f.group(1));
            int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
            return new Npy(d.group(1), shape, ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).slice()
                    .order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    @Test
    void npyFilesHaveTheRightHeadersShapesAndValues() throws Exception {
        ResultExporter.write(sample(), dir, false, true, false);
        Npy times = Npy.read(dir.resolve("spikes_E_times.npy"));
        assertEquals("<f8", times.descr());
        assertArrayEquals(new int[] {4}, times.shape());
        double[] t = new double[4];
        times.data().asDoubleBuffer().get(t);
        assertArrayEquals(new double[] {0, 0.30000000000000004, 0.30000000000000004, 1.7000000000000002}, t);
        Npy senders = Npy.read(dir.resolve("spikes_E_senders.npy"));
        assertEquals("<i4", senders.descr());
        int[] s = new int[4];
        senders.data().asIntBuffer().get(s);
        assertArrayEquals(new int[] {4, 0, 2, 1}, s);
        Npy trace = Npy.read(dir.resolve("trace_E_v.npy"));
        assertEquals("<f8", trace.descr());
        assertArrayEquals(new int[] {3, 2}, trace.shape());
        double[] v = new double[6];
        trace.data().asDoubleBuffer().get(v);
        assertArrayEquals(new double[] {-60, -55.5, -59.25, -54, -58.125, 1e-300}, v, "C order");
        Npy rate = Npy.read(dir.resolve("rate_E.npy"));
        double[] r = new double[3];
        rate.data().asDoubleBuffer().get(r);
        assertArrayEquals(new double[] {3 / 5.0 / 1e-3, 0, 1 / 5.0 / 1e-3}, r, 1e-9);
        Path l = dir.resolve("l.npy");
        NpyWriter.write(l, new long[] {Long.MIN_VALUE, 7});
        Npy ln = Npy.read(l);
        assertEquals("<i8", ln.descr());
        assertEquals(Long.MIN_VALUE, ln.data().getLong(0));
    }

    @Test
    void hdf5ReadsBackWithJhdf() throws Exception {
        ResultExporter.write(sample(), dir, false, false, true);
        try (HdfFile h = new HdfFile(dir.resolve("results.h5"))) {
            Dataset times = h.getDatasetByPath("/spikes/E/times");
            assertArrayEquals(new int[] {4}, times.getDimensions());
            assertEquals(double.class, times.getJavaType());
            assertArrayEquals(sample().spikes("E").times(), (double[]) times.getData());
            assertEquals("ms", times.getAttribute("units").getData());
            Dataset senders = h.getDatasetByPath("/spikes/E/senders");
            assertEquals(int.class, senders.getJavaType());
            assertArrayEquals(new int[] {4, 0, 2, 1}, (int[]) senders.getData());
            Dataset v = h.getDatasetByPath("/traces/E/v");
            assertArrayEquals(new int[] {3, 2}, v.getDimensions());
            assertArrayEquals(new double[] {-59.25, -54}, ((double[][]) v.getData())[1]);
            assertEquals("mV", v.getAttribute("units").getData());
            assertArrayEquals(new int[] {0, 3}, (int[]) h.getDatasetByPath("/traces/E/v_neurons").getData());
            assertEquals(3, h.getDatasetByPath("/rates/E/rate").getDimensions()[0]);
        }
    }

    @Test
    void emptyRecordingsExportEverywhere() throws Exception {
        SpikeTrains none = new SpikeTrains("Q", 3, 0.1, new long[0], new int[0]);
        StateTrace empty = new StateTrace("Q", "v", "mV", new int[] {0}, 0.1, 0, 1, new double[0][]);
        Recording rec = new Recording(Map.of("Q", none), Map.of("Q.v", empty), Map.of());
        ResultExporter.write(rec, dir, true, true, true);
        Plots.writeAll(rec, dir);
        Npy times = Npy.read(dir.resolve("spikes_Q_times.npy"));
        assertArrayEquals(new int[] {0}, times.shape());
        try (HdfFile h = new HdfFile(dir.resolve("results.h5"))) {
            assertEquals(0L, ((Number) h.getByPath("/spikes/Q").getAttribute("count").getData()).longValue());
        }
    }

    @Test
    void csvIsExactAndExportsAreByteIdentical() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a")), b = Files.createDirectory(dir.resolve("b"));
        ResultExporter.write(sample(), a, true, true, false);
        ResultExporter.write(sample(), b, true, true, false);
        assertEquals("time_ms,sender\n0.0,4\n0.30000000000000004,0\n0.30000000000000004,2\n1.7000000000000002,1\n",
                Files.readString(a.resolve("spikes_E.csv")));
        assertEquals("time_ms,n0,n3\n0.0,-60.0,-55.5\n0.2,-59.25,-54.0\n0.4,-58.125,1.0E-300\n",
                Files.readString(a.resolve("trace_E_v.csv")));
        try (var files = Files.list(a)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.toString());
            }
        }
    }

    @Test
    void plotsArePngImages() throws Exception {
        var files = Plots.writeAll(sample(), dir);
        assertEquals(3, files.size(), files.toString());
        for (String f : files) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve(f)), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, head, f);
            BufferedImage img = ImageIO.read(dir.resolve(f).toFile());
            assertEquals(1000, img.getWidth(), f);
        }
    }
}
