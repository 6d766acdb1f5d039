package org.spinel.experiments.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where MNIST-style datasets are looked for, the file names accepted, and what a missing dataset says. */
class DatasetLocatorTest {
    @TempDir
    Path tmp;

    /** Fashion-MNIST's search rules with a system directory under the test's control. */
    DatasetLocator fashion(Path system) {
        return new DatasetLocator("Fashion-MNIST", "fashion-mnist", List.of(system),
                "To install it: " + FashionMnist.INSTALL_COMMAND);
    }

    @Test
    void loadsPlainAndGzipPartsFromAnExplicitDirectory() throws IOException {
        Path d = tmp.resolve("mine");
        IdxFiles.writePart(d, DatasetPart.TRAIN, 12, 4, 3, false);
        IdxFiles.writePart(d, DatasetPart.TEST, 5, 4, 3, true);
        LabeledImages train = MnistLayout.load(d, DatasetPart.TRAIN), test = MnistLayout.load(d, DatasetPart.TEST);
        assertEquals(12, train.size());
        assertEquals(4, train.rows());
        assertEquals(3, train.cols());
        assertEquals(5, test.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i % 10, train.label(i));
            for (int p = 0; p < 12; p++) {
                assertEquals(IdxFiles.pixel(i * 12 + p) & 0xff, train.pixel(i, p));
            }
        }
        assertEquals(4, test.label(4));
        assertTrue(test.source().endsWith("t10k-images-idx3-ubyte.gz"), test.source());
        assertEquals(d, fashion(tmp.resolve("nosys")).locate(d, null, DatasetPart.TRAIN));
    }

    @Test
    void acceptsTheDottedNamesOfSomeMirrors() throws IOException {
        Path d = tmp.resolve("dotted");
        IdxFiles.writePart(d, DatasetPart.TEST, 3, 2, 2, true);
        Files.move(d.resolve("t10k-images-idx3-ubyte.gz"), d.resolve("t10k-images.idx3-ubyte.gz"));
        assertEquals(3, MnistLayout.load(d, DatasetPart.TEST).size());
    }

    @Test
    void searchesSpinelDataDirThenTheSystemDirectory() throws IOException {
        Path root = tmp.resolve("data"), system = tmp.resolve("usr/share/datasets/fashion-mnist");
        IdxFiles.writePart(system, DatasetPart.TRAIN, 2, 2, 2, true);
        DatasetLocator loc = fashion(system);
        assertEquals(List.of(root.resolve("fashion-mnist"), system), loc.searchPath(null, root.toString()));
        assertEquals(system, loc.locate(null, root.toString(), DatasetPart.TRAIN)); // nothing under root yet
        IdxFiles.writePart(root.resolve("fashion-mnist"), DatasetPart.TRAIN, 3, 2, 2, false);
        assertEquals(root.resolve("fashion-mnist"), loc.locate(null, root.toString(), DatasetPart.TRAIN));
        assertEquals(system, loc.locate(null, null, DatasetPart.TRAIN));
    }

    @Test
    void aMissingDatasetSaysWhereItLookedAndHowToInstall() {
        Path root = tmp.resolve("data"), system = tmp.resolve("sys/fashion-mnist");
        String m = assertThrows(DatasetNotFoundException.class,
                () -> fashion(system).locate(null, root.toString(), DatasetPart.TRAIN)).getMessage();
        assertTrue(m.contains("Fashion-MNIST (train set) not found"), m);
        assertTrue(m.contains(root.resolve("fashion-mnist") + "  ($SPINEL_DATA_DIR/fashion-mnist): no such directory"),
                m);
        assertTrue(m.contains(system + "  (system): no such directory"), m);
        assertTrue(m.contains("train-images-idx3-ubyte[.gz]") && m.contains("train-labels-idx1-ubyte[.gz]"), m);
        assertTrue(m.contains("sudo apt-get install -y dataset-fashion-mnist"), m);
        assertTrue(m.contains("set SPINEL_DATA_DIR"), m);

        m = assertThrows(DatasetNotFoundException.class,
                () -> fashion(system).locate(null, null, DatasetPart.TEST)).getMessage();
        assertTrue(m.contains("$SPINEL_DATA_DIR is not set") && m.contains("(test set)"), m);
    }

    @Test
    void anExplicitDirectoryIsTheOnlyPlaceLookedAt() throws IOException {
        Path system = tmp.resolve("sys");
        IdxFiles.writePart(system, DatasetPart.TRAIN, 2, 2, 2, false);
        Path mine = tmp.resolve("mine");
        IdxFiles.writePart(mine, DatasetPart.TEST, 2, 2, 2, false);
        Files.delete(mine.resolve("t10k-labels-idx1-ubyte"));
        DatasetLocator loc = fashion(system);
        assertEquals(List.of(mine), loc.searchPath(mine, "/somewhere"));
        String m = assertThrows(DatasetNotFoundException.class,
                () -> loc.locate(mine, null, DatasetPart.TRAIN)).getMessage();
        assertTrue(m.contains(mine + "  (given directory): missing train-images-idx3-ubyte[.gz] and "
                + "train-labels-idx1-ubyte[.gz]"), m);
        assertTrue(!m.contains(system.toString() + "  ("), "the system copy is not silently used: " + m);
        m = assertThrows(DatasetNotFoundException.class, () -> loc.locate(mine, null, DatasetPart.TEST)).getMessage();
        assertTrue(m.contains("missing t10k-labels-idx1-ubyte[.gz]"), m);
        m = assertThrows(DatasetNotFoundException.class,
                () -> MnistLayout.load(mine, DatasetPart.TEST)).getMessage();
        assertTrue(m.contains("t10k-labels-idx1-ubyte.gz"), "names tried: " + m);
    }

    @Test
    void mismatchedFilesAreFormatErrors() throws IOException {
        Path d = tmp.resolve("bad");
        IdxFiles.writePart(d, DatasetPart.TRAIN, 4, 2, 2, false);
        IdxFiles.write(d.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(0x08, new int[] {3}, new byte[3]));
        String m = assertThrows(IdxFormatException.class, () -> MnistLayout.load(d, DatasetPart.TRAIN)).getMessage();
        assertTrue(m.contains("has 3 labels") && m.contains("has 4 images"), m);
        IdxFiles.write(d.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(0x08, new int[] {4, 1}, new byte[4]));
        m = assertThrows(IdxFormatException.class, () -> MnistLayout.load(d, DatasetPart.TRAIN)).getMessage();
        assertTrue(m.contains("needs 1 dimension"), m);
    }

    @Test
    void mnistHasNoSystemDirectory() {
        assertEquals(List.of(), Mnist.locator().searchPath(null, null));
        String m = assertThrows(DatasetNotFoundException.class,
                () -> Mnist.locator().locate(null, null, DatasetPart.TRAIN)).getMessage();
        assertTrue(m.contains("MNIST is not packaged here"), m);
    }

    /**
     * The real Fashion-MNIST test set, when it is installed ({@code dataset-fashion-mnist}) or under
     * {@code $SPINEL_DATA_DIR/fashion-mnist}; skipped otherwise.
     */
    @Test
    void realFashionMnistWhenInstalled() throws IOException {
        Path dir;
        try {
            dir = FashionMnist.locator().locate(null, DatasetPart.TEST);
        } catch (DatasetNotFoundException e) {
            Assumptions.abort("Fashion-MNIST is not installed");
            return;
        }
        LabeledImages test = FashionMnist.load(dir, DatasetPart.TEST);
        assertEquals(10_000, test.size());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        int[] counts = test.classCounts();
        assertEquals(10, counts.length);
        for (int c : counts) {
            assertEquals(1000, c, "balanced classes");
        }
        assertEquals(9, test.label(0), "the first test image is an ankle boot");
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(test.label(0)));
    }
}
