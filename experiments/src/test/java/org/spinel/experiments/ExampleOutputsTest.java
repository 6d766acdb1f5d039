package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spinel.experiments.spec.ExperimentReader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every shipped example, run in {@code --quick} mode on the Java backend ({@link ExampleRuns}: generated datasets for
 * the learning examples, every point of a sweep), gives exactly the recorded outputs: the SHA-256 of every export
 * (CSV, NPY, HDF5), trained weights, epochs table, confusion matrix, plot and {@code metrics.json}, normalised as
 * {@link ExampleOutputs} documents (timings, provenance and directory names left out), equal to the committed
 * {@value ExampleOutputs#RESOURCE}. The {@code train} examples are also run on the installed Fashion-MNIST when it is
 * there ({@code sg-fmnist --quick} as a user runs it).
 *
 * <p>Re-record (only for a change meant to change results): {@code -Dspinel.recordOutputs=true}, see
 * {@link ExampleOutputs}. The runs are shared with {@link ExamplesTest} in one test JVM, so CI runs each once.
 */
class ExampleOutputsTest {
    @TempDir
    Path tmp;

    static Stream<String> examples() {
        return ExampleRuns.names().stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void quickRunGivesTheRecordedOutputs(String name) {
        ExampleOutputs.check(name, ExampleRuns.quick(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sg-fmnist", "sg-fmnist-recurrent"})
    void quickRunOnFashionMnistGivesTheRecordedOutputs(String name) {
        Assumptions.assumeTrue(Files.isDirectory(ExampleRuns.FASHION_MNIST), "Fashion-MNIST is not installed");
        ExampleOutputs.check(name + "@fashion-mnist", ExampleRuns.quickOnFashionMnist(name));
    }

    @Test
    void everyRecordedEntryIsAShippedExample() {
        List<String> names = ExampleRuns.names();
        for (String key : ExampleOutputs.recorded().keySet()) {
            assertTrue(names.contains(key.replace("@fashion-mnist", "")), key + " is recorded but no example");
        }
    }

    /**
     * The comparison can fail: a copied run with one changed byte in an export is named; a changed timing in
     * {@code metrics.json} or another run directory name is not a difference, a changed result value is.
     */
    @Test
    void aChangedByteIsNamedAndTimingsAreNot() throws Exception {
        Path run = ExampleRuns.onlyRun(ExampleRuns.quick("cuba"));
        Path copy = tmp.resolve("cuba").resolve("20000101-000000-00000000");
        Files.createDirectories(copy);
        try (Stream<Path> s = Files.list(run)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        TreeMap<String, String> ref = ExampleOutputs.hashes(ExampleRuns.quick("cuba"));
        assertEquals(ref, ExampleOutputs.hashes(tmp.resolve("cuba")), "another run directory name, same keys");

        byte[] b = Files.readAllBytes(copy.resolve("spikes_E_times.npy"));
        b[b.length - 1] ^= 1;
        Files.write(copy.resolve("spikes_E_times.npy"), b);
        ObjectNode m = (ObjectNode) ExperimentReader.MAPPER.readTree(copy.resolve("metrics.json").toFile());
        m.put("run_s", m.path("run_s").asDouble() + 1);
        ExperimentReader.MAPPER.writeValue(copy.resolve("metrics.json").toFile(), m);
        List<String> diff = ExampleOutputs.differences(ref, ExampleOutputs.hashes(tmp.resolve("cuba")));
        assertEquals(1, diff.size(), diff.toString());
        assertTrue(diff.get(0).startsWith("run/spikes_E_times.npy: sha256 "), diff.toString());

        m.put("spikes", m.path("spikes").asLong() + 1);
        ExperimentReader.MAPPER.writeValue(copy.resolve("metrics.json").toFile(), m);
        Files.delete(copy.resolve("rate_I.csv"));
        diff = ExampleOutputs.differences(ref, ExampleOutputs.hashes(tmp.resolve("cuba")));
        assertEquals(List.of("run/metrics.json", "run/rate_I.csv", "run/spikes_E_times.npy"),
                diff.stream().map(d -> d.substring(0, d.indexOf(':'))).toList(), diff.toString());
        assertTrue(diff.get(1).contains("missing"), diff.toString());
    }
}
