package org.spinel.experiments.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.Overrides;
import org.spinel.experiments.spec.Problems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The point function of a sweep, the one every executor runs (the local pool and Spark alike): sets the point's swept
 * values and seed in the sweep's base experiment, runs it with {@link ExperimentRunner} and publishes its directory
 * {@code points/<point id>/} atomically.
 *
 * <p><b>Idempotent by the point's identity.</b> The run goes into a private staging directory
 * {@code points/.attempt-<id>-<random>/}, renamed to {@code points/<id>/} when it is complete; a point whose directory
 * is already published is not run again: its recorded result is returned (an attempt that loses the race to another
 * one, a retried or speculative task, a point published before a killed driver could index it). So each point has at
 * most one directory, whatever the executor retries.
 *
 * <p>Serialisable (the base experiment travels as JSON text, the sweep directory as a path string), so that a cluster
 * executor can ship it to its workers. {@link #apply} never throws: a failure is a result with its error message.
 */
public final class SweepPointFunction implements Function<SweepPoint, PointResult>, Serializable {
    private static final long serialVersionUID = 1L;
    /** Name prefix of a point's staging directory under {@code points/}. */
    public static final String ATTEMPT = ".attempt-";

    private final String baseJson;
    private final String sweepDir;
    private final String protocol;
    private transient ObjectNode base;

    /**
     * @param base     the sweep's resolved experiment without its {@code sweep} block
     * @param protocol the protocol its points run
     * @param sweepDir the sweep directory (on a cluster: a path every worker sees, a shared filesystem)
     */
    public SweepPointFunction(ObjectNode base, String protocol, Path sweepDir) {
        this.protocol = protocol;
        try {
            this.baseJson = ExperimentReader.MAPPER.writeValueAsString(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sweepDir = sweepDir.toAbsolutePath().toString();
    }

    /** The sweep directory. */
    public Path sweepDir() {
        return Path.of(sweepDir);
    }

    /** The protocol the points run (for a cluster's check that its workers have it). */
    public String protocol() {
        return protocol;
    }

    /**
     * Parsed base experiments by their JSON text, shared by the copies of a point function in one JVM: Spark
     * deserialises the function anew for every task, and each copy would otherwise parse the experiment again.
     */
    private static final Map<String, ObjectNode> BASES = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(4, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                    return size() > 4;
                }
            });

    /** The base experiment (never modified: each point sets its values in a deep copy). */
    private ObjectNode base() {
        if (base == null) {
            base = BASES.computeIfAbsent(baseJson, json -> {
                try {
                    return (ObjectNode) ExperimentReader.MAPPER.readTree(json);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return base;
    }

    @Override
    public PointResult apply(SweepPoint p) {
        return applyIn(Path.of(sweepDir), p);
    }

    /**
     * Runs point {@code p} as {@link #apply} does, but in the sweep directory {@code dir} (a cluster executor's local
     * staging directory, say, from which it copies the published point elsewhere).
     */
    public PointResult applyIn(Path dir, SweepPoint p) {
        long t0 = System.nanoTime();
        Path published = dir.resolve("points").resolve(p.id());
        Path staging = null;
        try {
            PointResult recorded = recorded(p, dir, published);
            if (recorded != null) {
                return recorded;
            }
            JsonNode doc = base().deepCopy();
            Problems problems = new Problems();
            for (Map.Entry<String, JsonNode> a : p.params().entrySet()) {
                Overrides.setNode(doc, a.getKey(), a.getValue(), problems);
            }
            Overrides.setNode(doc, "/seed", LongNode.valueOf(p.seed()), problems);
            problems.throwIfAny();
            Experiment pe = ExperimentReader.read(doc, new LinkedHashMap<>());
            Files.createDirectories(published.getParent());
            staging = published.resolveSibling(ATTEMPT + p.id() + "-" + UUID.randomUUID());
            ExperimentRunner.Result r = ExperimentRunner.run(pe, staging, new ExperimentRunner.Options(false, false,
                    null));
            Path runDir = published.resolve(staging.relativize(r.directory()));
            try {
                Files.move(staging, published, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lost) {
                // another attempt of the same point published first: its result stands, this one goes
                recorded = recorded(p, dir, published);
                if (recorded == null) {
                    throw lost;
                }
                deleteTree(staging);
                return recorded;
            }
            staging = null;
            return new PointResult(p, true, (System.nanoTime() - t0) / 1e9, r.metrics().path("spikes").asLong(),
                    dir.relativize(runDir).toString(), "");
        } catch (Exception | StackOverflowError ex) {
            if (staging != null) {
                deleteTree(staging);
            }
            return new PointResult(p, false, (System.nanoTime() - t0) / 1e9, 0, "", String.valueOf(ex.getMessage()));
        }
    }

    /**
     * The result of the point published in {@code published} ({@code <experiment name>/<run id>/} with its manifest),
     * its wall time as its manifest recorded it; null if there is none.
     */
    static PointResult recorded(SweepPoint p, Path sweepDir, Path published) throws IOException {
        if (!Files.isDirectory(published)) {
            return null;
        }
        List<Path> runs;
        try (Stream<Path> names = Files.list(published)) {
            runs = names.filter(Files::isDirectory).flatMap(n -> {
                try (Stream<Path> ids = Files.list(n)) {
                    return ids.filter(d -> !d.getFileName().toString().startsWith(".")
                            && Files.isRegularFile(d.resolve("manifest.json"))).toList().stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().toList();
        }
        if (runs.isEmpty()) {
            return null;
        }
        Path run = runs.get(0);
        JsonNode manifest = ExperimentReader.MAPPER.readTree(run.resolve("manifest.json").toFile());
        return new PointResult(p, true, manifest.path("manifest").path("wall_s").asDouble(), manifest.path("metrics").path("spikes")
                .asLong(), sweepDir.relativize(run).toString(), "");
    }

    /** Removes the staging directories that killed attempts left under {@code points/} (no sweep may be running). */
    public static void removeAttempts(Path sweepDir) throws IOException {
        Path points = sweepDir.resolve("points");
        if (!Files.isDirectory(points)) {
            return;
        }
        try (Stream<Path> s = Files.list(points)) {
            s.filter(d -> d.getFileName().toString().startsWith(ATTEMPT)).forEach(SweepPointFunction::deleteTree);
        }
    }

    /** Removes {@code root} and everything under it, as far as it can (best effort). */
    public static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a hidden staging directory is never mistaken for a result
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
