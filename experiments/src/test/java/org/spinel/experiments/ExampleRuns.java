package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quick runs of the shipped examples ({@code experiments/examples/*.json}), each run once per test JVM and shared
 * by the tests that look at it ({@link ExamplesTest}, {@code mapscan.MapScanTest}, {@link ExampleOutputsTest}), so
 * that CI runs every example once.
 *
 * <p>Every example runs with {@code run FILE --quick --backend java --no-progress} (a document with a sweep block runs
 * every point of its sweep). CI has no Fashion-MNIST, so the learning examples read generated datasets in the MNIST
 * layout written under {@code target/example-runs/} (a fixed relative path, so that the resolved documents do not
 * depend on a temporary directory): the {@code train} examples {@code train.TinyImages} (300 training, 60 test
 * images; the surrogate comparison, 75 points, 40 and 10 in batches of 20, two points at a time), the {@code ep-train}
 * examples the same 300 + 60 images cut to 100 training images (gep-fmnist: the λ sweep with one seed), the
 * {@code lsm-classification} examples
 * {@code lsm.TinyImages} (60 + 20 images), further shortened by {@code --set} so that each runs in seconds. The
 * arguments of each example are {@link #arguments(String)}.
 *
 * <p>Runs with the real Fashion-MNIST ({@link #quickOnFashionMnist(String)}) are plain {@code --quick} runs, for the
 * {@code train} examples only (the others take minutes on the full images).
 */
public final class ExampleRuns {
    public static final Path EXAMPLES = Path.of("examples");
    /** Where the runs and generated datasets live (relative to the module directory, the tests' working directory). */
    static final Path ROOT = Path.of("target", "example-runs");
    /** The installed Fashion-MNIST, read by {@link #quickOnFashionMnist(String)}. */
    static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final Map<String, Path> RUNS = new HashMap<>();
    private static boolean cleaned;

    private ExampleRuns() {
    }

    /** The names of every example in {@code experiments/examples/}, sorted. */
    public static List<String> names() {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output directory {@code <out>/<name>} of the example's quick run: it holds one run directory, or one
     * {@code sweep-<hash>} directory for a sweep. Runs the example on first use.
     */
    public static synchronized Path quick(String name) {
        return RUNS.computeIfAbsent(name, n -> execute(n, "runs", arguments(n)));
    }

    /**
     * As {@link #quick(String)}, on the installed Fashion-MNIST (a plain {@code --quick} run of a {@code train}
     * example); the caller checks {@link #FASHION_MNIST} exists first.
     */
    static synchronized Path quickOnFashionMnist(String name) {
        return RUNS.computeIfAbsent(name + "@fashion-mnist", n -> execute(name, "runs-fashion-mnist",
                List.of("--set", "/protocol/dataset/directory=" + FASHION_MNIST)));
    }

    /** The run directory of a quick run that is no sweep. */
    public static Path onlyRun(Path exampleOut) throws IOException {
        try (Stream<Path> s = Files.list(exampleOut)) {
            List<Path> dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }

    /** The {@code sweep-<hash>} directory of a quick run of a sweep. */
    public static Path onlySweep(Path exampleOut) throws IOException {
        Path d = onlyRun(exampleOut);
        assertEquals(true, d.getFileName().toString().startsWith("sweep-"), d.toString());
        return d;
    }

    /** The arguments after {@code run FILE --quick --backend java --out DIR --no-progress} for the example. */
    static List<String> arguments(String name) {
        try {
            List<String> a = new ArrayList<>();
            if (name.startsWith("hlop-")) { // the continual examples: the train examples' tiny dataset
                Path data = dataset("train", d -> org.spinel.experiments.train.TinyImages.write(d, 300, 60));
                a.addAll(List.of("--set", "/protocol/dataset/directory=" + data));
            } else if (name.startsWith("sg-")) {
                boolean many = name.equals("sg-surrogate-comparison");
                Path data = dataset(many ? "train-small" : "train", d -> org.spinel.experiments.train.TinyImages.write(d,
                        many ? 40 : 300, many ? 10 : 60));
                a.addAll(List.of("--set", "/protocol/dataset/directory=" + data));
                if (many) {
                    a.addAll(List.of("--set", "/protocol/batchSize=20", "--set", "/sweep/parallel=2"));
                }
                if (name.equals("sg-tangent-kernel")) {
                    a.addAll(List.of("--set", "/protocol/dataset/trainSamples=300"));
                }
            } else if (name.equals("ep-fmnist") || name.equals("gep-fmnist")) {
                Path data = dataset("train", d -> org.spinel.experiments.train.TinyImages.write(d, 300, 60));
                a.addAll(List.of("--set", "/protocol/dataset/directory=" + data, "--set",
                        "/protocol/dataset/trainSamples=100"));
                if (name.equals("gep-fmnist")) {
                    a.addAll(List.of("--set", "/sweep/seeds=[1]"));
                }
            } else if (name.contains("lsm")) {
                Path data = dataset("lsm", d -> org.spinel.experiments.lsm.TinyImages.write(d, 60, 20, 28, 28, 10, 3));
                boolean big = name.startsWith("nalsm8000");
                a.addAll(List.of("--set", "/protocol/dataset/directory=" + data,
                        "--set", "/protocol/quick/train=" + (big ? 10 : 40), "--set", "/protocol/quick/validation=10",
                        "--set", "/protocol/quick/test=10", "--set", "/protocol/quick/initialization=" + (big ? 5 : 20),
                        "--set", "/protocol/quick/epochs=5", "--set", "/protocol/branching/samples=3",
                        "--set", "/duration=" + (big ? "\"30 ms\"" : "\"100 ms\"")));
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writer {
        void write(Path dir) throws IOException;
    }

    private static Path dataset(String name, Writer w) throws IOException {
        clean();
        Path d = ROOT.resolve("data-" + name);
        if (!Files.isDirectory(d)) {
            w.write(d);
        }
        return d;
    }

    private static Path execute(String name, String outName, List<String> extra) {
        try {
            clean();
            Path out = ROOT.resolve(outName);
            List<String> args = new ArrayList<>(List.of("run", EXAMPLES.resolve(name + ".json").toString(), "--quick",
                    "--backend", "java", "--out", out.toString(), "--no-progress"));
            args.addAll(extra);
            assertEquals(0, SpinelCli.execute(args.toArray(String[]::new)), name + " " + args);
            return out.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes what an earlier test JVM left under {@link #ROOT}. */
    private static void clean() throws IOException {
        if (cleaned) {
            return;
        }
        if (Files.exists(ROOT)) {
            try (Stream<Path> s = Files.walk(ROOT)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(ROOT);
        cleaned = true;
    }
}
