package org.spinel.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The point function every sweep executor runs is idempotent by the point's identity (a retried, speculative or
 * resumed attempt publishes nothing twice and returns the published result) and survives Java serialisation.
 */
class SweepPointFunctionTest {
    @TempDir
    Path tmp;

    private SweepPointFunction function(Path dir) throws Exception {
        Experiment e = ExperimentReader.read(ExperimentReader.MAPPER.readTree(SweepTest.experiment(200, "50 ms",
                "[\"300 pA\", \"400 pA\"]", "[1, 2]", 2)), new java.util.LinkedHashMap<>());
        ObjectNode base = e.resolved().deepCopy();
        base.remove("sweep");
        return new SweepPointFunction(base, e.protocol(), dir);
    }

    private static List<Path> published(Path pointDir) throws Exception {
        try (Stream<Path> s = Files.walk(pointDir, 2)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))).toList();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPublishedPointIsNotRunAgain() throws Exception {
        Path dir = tmp.resolve("sweep");
        SweepPointFunction f = function(dir);
        SweepPoint p = SweepPlan.points(ExperimentReader.read(ExperimentReader.MAPPER.readTree(SweepTest.experiment(200,
                "50 ms", "[\"300 pA\", \"400 pA\"]", "[1, 2]", 2)), new java.util.LinkedHashMap<>()).sweep()).get(3);
        PointResult first = f.apply(p);
        assertTrue(first.ok(), first.error());
        assertTrue(first.spikes() > 0);
        PointResult again = f.apply(p);
        assertEquals(first.runDir(), again.runDir(), "the published run, not a new one");
        assertEquals(first.spikes(), again.spikes());
        assertTrue(again.wallS() > 0 && again.wallS() <= first.wallS(), "the run's wall time as its manifest recorded "
                + "it: " + again.wallS() + " s of " + first.wallS());
        assertEquals(1, published(dir.resolve("points").resolve(p.id())).size());
    }

    @Test
    void twoAttemptsAtOnceLeaveOneDirectoryAndAgreeOnIt() throws Exception {
        Path dir = tmp.resolve("sweep");
        SweepPoint p = new SweepPoint("p0001", new java.util.LinkedHashMap<>(), 7);
        SweepPointFunction f = function(dir);
        // a copy through Java serialisation, as Spark ships it to an executor
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
            out.writeObject(p);
        }
        SweepPointFunction g;
        SweepPoint q;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            g = (SweepPointFunction) in.readObject();
            q = (SweepPoint) in.readObject();
        }
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(2);
        CompletableFuture<PointResult> a = CompletableFuture.supplyAsync(() -> {
            start.countDown();
            awaitQuietly(start);
            return f.apply(p);
        }, two);
        CompletableFuture<PointResult> b = CompletableFuture.supplyAsync(() -> {
            start.countDown();
            awaitQuietly(start);
            return g.apply(q);
        }, two);
        PointResult ra = a.get(), rb = b.get();
        two.shutdown();
        assertTrue(ra.ok() && rb.ok(), ra.error() + rb.error());
        assertEquals(ra.runDir(), rb.runDir(), "both report the one published run");
        assertEquals(ra.spikes(), rb.spikes());
        assertEquals(1, published(dir.resolve("points").resolve("p0001")).size());
        try (Stream<Path> s = Files.list(dir.resolve("points"))) {
            assertEquals(List.of("p0001"), s.map(x -> x.getFileName().toString()).toList(), "the loser's staging "
                    + "directory is gone");
        }
    }
}
