package org.spinel.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.spinel.experiments.run.ExperimentRunner;
import org.spinel.experiments.run.Identity;
import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentException;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.sweep.LocalSweepExecutor;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepExecutor;
import org.spinel.experiments.sweep.SweepPointFunction;
import org.spinel.experiments.sweep.SweepIndex;
import org.spinel.experiments.sweep.SweepPlan;
import org.spinel.experiments.sweep.SweepPoint;
import org.spinel.experiments.sweep.SweepStore;

import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spinel sweep FILE [--executor local|spark] [--master URL] [--conf k=v]...}: runs the experiment's
 * {@code sweep} block (grid × seeds) on a bounded local pool (default) or on Apache Spark into
 * {@code <out>/<name>/sweep-<hash>/}, with {@code index.csv} of finished points (written by this process alone) and
 * {@code manifest.json}; running it again resumes (finished points are skipped, never duplicated). Both executors
 * run the same {@link SweepPointFunction}. {@code --out} is a path or a {@code file:} URI; with the Spark executor
 * also a Hadoop-compatible URI ({@code hdfs://}, {@code s3a://}, ...), written through Hadoop's FileSystem API
 * ({@link SweepStore}; docs/cluster.md).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a parameter sweep (the experiment's sweep block); re-running resumes where it stopped.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Experiment JSON with a sweep block.")
    Path file;
    @Mixin
    ExperimentOptions options = new ExperimentOptions();
    @Mixin
    OutputOptions output = new OutputOptions();
    @Option(names = "--executor", defaultValue = "local", paramLabel = "local|spark",
            description = "Where the points run: a local pool (default) or Apache Spark (docs/cluster.md).")
    String executor;
    @Option(names = "--master", paramLabel = "URL", description = "Spark master URL (with --executor spark; default "
            + "the spark.master property spark-submit sets, else local[*]): local[N], spark://host:port, yarn, k8s://...")
    String master;
    @Option(names = "--conf", paramLabel = "key=value", description = "A Spark property (repeatable).")
    Map<String, String> conf = new LinkedHashMap<>();
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The class of the Spark executor, present when the spark profile built it (loaded only when asked for). */
    static final String SPARK_EXECUTOR = "org.spinel.experiments.spark.SparkSweepExecutor";

    @Override
    public Integer call() throws Exception {
        Experiment e = options.read(file);
        if (e.sweep() == null) {
            throw new ExperimentException(List.of(new ValidationError("/sweep", file + ": no \"sweep\" block",
                    "{\"sweep\": {\"grid\": [{\"path\": \"/...\", \"values\": [...]}], \"seeds\": [...]}}")));
        }
        if (!executor.equals("local") && !executor.equals("spark")) {
            throw new ExperimentException(List.of(new ValidationError("--executor", "\"" + executor + "\"",
                    "local or spark")));
        }
        if (executor.equals("local") && (master != null || !conf.isEmpty())) {
            throw new ExperimentException(List.of(new ValidationError(master != null ? "--master" : "--conf",
                    master != null ? master : conf.toString(), "only with --executor spark")));
        }
        String uri = outUri();
        Path out = output.out;
        if (uri != null && uri.regionMatches(true, 0, "file:", 0, "file:".length())) {
            out = filePath(uri); // a file: URI is a path (on a cluster, one every worker sees), on either executor
            uri = null;
        }
        if (executor.equals("local")) {
            if (uri != null) {
                throw new ExperimentException(List.of(new ValidationError("--out", "\"" + uri + "\"", "a filesystem "
                        + "path or a file: URI; Hadoop URIs (hdfs://..., s3a://...) need --executor spark "
                        + "(docs/cluster.md)")));
            }
            try (SweepExecutor local = new LocalSweepExecutor(e.sweep().parallel())) {
                return runSweep(e, out, output.progress(), local, null);
            }
        }
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        // A URI's store is opened, and its writability probed, before Spark starts: a bad --out costs no Spark start.
        try (SweepStore store = uri == null ? null : hadoopStore(uri, e.name() + "/sweep-" + Identity.hash(e
                .resolved()), conf); SweepExecutor spark = spark(e.name(), m, conf)) {
            return runSweep(e, out, output.progress(), spark, store);
        }
    }

    /** {@code --out} as given, if it is a URI ({@code scheme:/...}); null if it is a filesystem path. */
    private String outUri() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        String raw = parsed.hasMatchedOption("--out") ? parsed.matchedOption("--out").originalStringValues().get(
                parsed.matchedOption("--out").originalStringValues().size() - 1) : output.out.toString();
        return raw.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*") ? raw : null;
    }

    /** The path a {@code file:} URI names. */
    private static Path filePath(String uri) {
        try {
            return Path.of(new java.net.URI(uri));
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException ex) {
            throw new ExperimentException(List.of(new ValidationError("--out", "\"" + uri + "\": " + ex.getMessage(),
                    "a file: URI of an absolute path (file:///path)")));
        }
    }

    /** The class of the Hadoop sweep store, built with the Spark executor (loaded only when asked for). */
    static final String HADOOP_STORE = "org.spinel.experiments.spark.HadoopSweepStore";

    /**
     * Opens the sweep directory {@code relative} under the Hadoop URI {@code uri} (by reflection, as the Spark
     * executor): it probes that it can write there.
     */
    private static SweepStore hadoopStore(String uri, String relative, Map<String, String> conf) throws Exception {
        return (SweepStore) construct(HADOOP_STORE, new Class<?>[] {String.class, String.class, Map.class}, uri,
                relative, conf);
    }

    /** Starts the Spark executor (by reflection: the default path loads no Spark class). */
    private static SweepExecutor spark(String name, String master, Map<String, String> conf) throws Exception {
        return (SweepExecutor) construct(SPARK_EXECUTOR, new Class<?>[] {String.class, String.class, Map.class},
                "spinel sweep " + name, master, conf);
    }

    /** A new instance of the Spark profile's class {@code name}, its constructor's exceptions thrown as they are. */
    private static Object construct(String name, Class<?>[] types, Object... args) throws Exception {
        Class<?> c;
        try {
            c = Class.forName(name);
        } catch (ClassNotFoundException | NoClassDefFoundError missing) {
            throw new IllegalStateException("--executor spark: the Spark executor is not on the classpath; run through "
                    + "./spinel (it builds it on first use) or build with mvn -Pspark (docs/cluster.md)");
        }
        try {
            return c.getConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException ex) {
            throw ex.getCause() instanceof Exception x ? x : ex;
        }
    }

    /** Runs (or resumes) the sweep of {@code e} on the local pool; exit code 0 when every point is ok, 1 otherwise. */
    static int runSweep(Experiment e, Path file, ExperimentOptions options, Path out, boolean progress) throws Exception {
        try (SweepExecutor local = new LocalSweepExecutor(e.sweep().parallel())) {
            return runSweep(e, out, progress, local, null);
        }
    }

    /** Runs the sweep into {@code store}, or (null) into its directory under the path {@code out}. */
    private static int runSweep(Experiment e, Path out, boolean progress, SweepExecutor executor, SweepStore store)
            throws Exception {
        Path dir = out.resolve(e.name()).resolve("sweep-" + Identity.hash(e.resolved()));
        SweepStore s = store != null ? store : SweepStore.local(dir);
        try {
            return sweep(e, s, progress, executor);
        } catch (Exception ex) {
            // a full disk while writing the sweep's own files: said as for a run, with the sweep directory
            org.spinel.experiments.run.NoSpaceLeftException full = org.spinel.experiments.run.NoSpaceLeftException
                    .of(ex, s.localDir());
            throw full != null ? full : ex;
        }
    }

    private static int sweep(Experiment e, SweepStore store, boolean progress, SweepExecutor executor)
            throws Exception {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        store.open();
        Path dir = store.localDir();
        ObjectNode base = e.resolved().deepCopy();
        base.remove("sweep");
        Files.writeString(dir.resolve("sweep.json"), ExperimentReader.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(e.resolved()) + "\n");
        store.put("sweep.json");
        List<SweepPoint> points = SweepPlan.points(e.sweep());
        List<String> header = new ArrayList<>(List.of("point", "seed"));
        e.sweep().axes().forEach(a -> header.addAll(a.paths()));
        header.addAll(List.of("status", "wall_s", "spikes", "run_dir", "error"));
        try (SweepIndex index = new SweepIndex(dir.resolve("index.csv"), header)) {
            // The index's lock is held: no other sweep runs here, so a staging directory left now is a killed attempt's.
            SweepPointFunction local = new SweepPointFunction(base, e.protocol(), dir);
            store.removeAttempts();
            Function<SweepPoint, PointResult> run = store.pointFunction(local);
            executor.check(run);
            // published by an earlier invocation that was killed before it indexed them (a URI's store only)
            for (PointResult r : store.publishedNotIndexed(points, index.finished())) {
                index.append(row(r));
                store.indexChanged();
            }
            List<SweepPoint> todo = points.stream().filter(p -> !index.finished().contains(p.id())).toList();
            ObjectNode described = ExperimentReader.MAPPER.createObjectNode();
            executor.describe(described);
            System.err.println("spinel: sweep " + e.name() + ": " + points.size() + " points, " + (points.size() - todo.size())
                    + " already done, " + todo.size() + " to run, " + (described.has("parallel") ? described.get(
                            "parallel") + " at a time" : "on " + described.path("executor").asText() + " " + described
                                    .path("master").asText()) + "; index " + store.location() + "/index.csv");
            AtomicInteger failed = new AtomicInteger();
            ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName(e.name()).setInitialMax(todo.size())
                    .setStyle(ProgressBarStyle.ASCII).build() : null;
            try {
                executor.execute(todo, run, r -> {
                    if (!r.ok() && ExperimentRunner.stopping()) {
                        return; // stopped by a signal: not a failure of the point; running the sweep again runs it
                    }
                    try {
                        index.append(row(r));
                        store.indexChanged();
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                    if (!r.ok()) {
                        failed.incrementAndGet();
                        System.err.println("spinel: point " + r.point().id() + " failed: " + r.error());
                    }
                    if (bar != null) {
                        bar.step();
                    }
                });
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            store.put("index.csv");
            if (!todo.isEmpty() || e.sweep().summary() != null) {
                for (org.apache.commons.csv.CSVRecord r : SweepIndex.read(dir.resolve("index.csv"))) {
                    if ("ok".equals(r.get("status"))) {
                        store.fetch(r.get("run_dir") + "/metrics.json");
                    }
                }
                List<Path> files = org.spinel.experiments.sweep.SweepSummary.write(dir, e.sweep());
                for (Path f : files) {
                    store.put(f.getFileName().toString());
                }
                System.err.println("spinel: summary " + files.stream().map(f -> f.getFileName().toString()).toList());
            }
            writeManifest(dir, e, executor, start, t0, points.size(), todo.size(), failed.get());
            store.put("manifest.json");
            System.out.println("spinel: sweep " + e.name() + " done: " + (todo.size() - failed.get()) + " ran, "
                    + (points.size() - todo.size()) + " skipped, " + failed.get() + " failed; results in "
                    + store.location());
            return failed.get() == 0 ? 0 : 1;
        }
    }

    /** The index row of a point's result, in header order. */
    static List<String> row(PointResult r) {
        List<String> row = new ArrayList<>(List.of(r.point().id(), Long.toString(r.point().seed())));
        r.point().params().values().forEach(v -> row.add(v.isTextual() ? v.asText() : v.toString()));
        row.addAll(List.of(r.ok() ? "ok" : "failed", String.format("%.3f", r.wallS()), Long.toString(r.spikes()),
                r.runDir(), r.error()));
        return row;
    }

    /**
     * The sweep's {@code manifest.json}: the resolved experiment, and of this invocation (a resumed sweep rewrites it)
     * the executor (local pool size, or Spark master, version and executors used), times and point counts.
     */
    private static void writeManifest(Path dir, Experiment e, SweepExecutor executor, Instant start, long t0,
            int points, int ran, int failed) throws java.io.IOException {
        ObjectNode m = ExperimentReader.MAPPER.createObjectNode();
        ObjectNode info = m.putObject("manifest");
        info.put("spinel", org.spinel.experiments.SpinelVersion.version());
        info.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        info.put("cores", Runtime.getRuntime().availableProcessors());
        executor.describe(info);
        info.put("points", points);
        info.put("ran", ran);
        info.put("failed", failed);
        info.put("start", start.toString());
        info.put("end", Instant.now().toString());
        info.put("wall_s", (System.nanoTime() - t0) / 1e9);
        m.set("experiment", e.resolved());
        org.spinel.experiments.run.Manifest.writeJson(dir.resolve("manifest.json"), m);
    }
}
