package org.spinel.results.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.results.export.NpyWriter;

/** The continual-learning metrics against values computed by hand, and the matrix readers. */
class ContinualMetricsTest {
    /** Row j: accuracies after training task j. Task 0 improves after task 1 (0.9 → 0.95): forgetting ≠ −BWT. */
    static final double[][] A = {
        {0.90, 0.10, 0.20},
        {0.95, 0.80, 0.15},
        {0.60, 0.50, 0.95}};

    @Test
    void handComputedValues() {
        assertEquals((0.60 + 0.50 + 0.95) / 3, ContinualMetrics.averageAccuracy(A), 1e-12);
        // ((0.60 − 0.90) + (0.50 − 0.80)) / 2
        assertEquals(-0.30, ContinualMetrics.backwardTransfer(A), 1e-12);
        // ((0.10 − 0.10) + (0.15 − 0.10)) / 2
        assertEquals(0.025, ContinualMetrics.forwardTransfer(A, new double[] {0.1, 0.1, 0.1}), 1e-12);
        // task 0: max(0.90, 0.95) − 0.60 = 0.35; task 1: 0.80 − 0.50 = 0.30
        assertEquals(0.325, ContinualMetrics.forgetting(A), 1e-12);
        // (0.90 + (0.95 + 0.80)/2 + (0.60 + 0.50 + 0.95)/3) / 3
        assertEquals((0.90 + 0.875 + 2.05 / 3) / 3, ContinualMetrics.averageIncrementalAccuracy(A), 1e-12);
    }

    @Test
    void noForgettingAndOneTask() {
        double[][] flat = {{0.8, Double.NaN}, {0.8, 0.7}};
        assertEquals(0, ContinualMetrics.backwardTransfer(flat), 0);
        assertEquals(0, ContinualMetrics.forgetting(flat), 0);
        assertEquals(0.75, ContinualMetrics.averageAccuracy(flat), 1e-12);
        double[][] one = {{0.42}};
        assertEquals(0.42, ContinualMetrics.averageAccuracy(one), 0);
        assertEquals(0, ContinualMetrics.backwardTransfer(one), 0);
        assertEquals(0.42, ContinualMetrics.averageIncrementalAccuracy(one), 0);
        // NaN above the diagonal is allowed except where forward transfer reads it
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.forwardTransfer(flat, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.averageAccuracy(new double[][] {{1, 2}}));
    }

    @Test
    void readsNpyAndCsv(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("a.npy");
        NpyWriter.write(npy, A);
        double[][] fromNpy = ContinualMetrics.read(npy);
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(A[j], fromNpy[j], 0);
        }
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "after_task,task0,task1,task2\n0,0.9,,nan\n1,0.95,0.8,0.15\n2,0.6,0.5,0.95\n");
        double[][] fromCsv = ContinualMetrics.read(csv);
        assertEquals(3, fromCsv.length);
        assertEquals(3, fromCsv[0].length);
        assertTrue(Double.isNaN(fromCsv[0][1]));
        assertEquals(-0.30, ContinualMetrics.backwardTransfer(fromCsv), 1e-12);
        Path plain = dir.resolve("b.csv");
        Files.writeString(plain, "0.9,0.1\n0.7,0.8\n");
        assertEquals(-0.2, ContinualMetrics.backwardTransfer(ContinualMetrics.read(plain)), 1e-12);
        Path bad = dir.resolve("c.csv");
        Files.writeString(bad, "0.9,x\n");
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.read(bad));
    }
}
