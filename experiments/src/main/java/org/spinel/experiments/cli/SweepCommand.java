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

import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spinel sweep FILE [--executor local|spark] [--master URL] [--conf k=v]...}: runs the experiment's
 * {@code sweep} block (grid × seeds) on a bounded local pool (default) or on Apache Spark into
 * {@code <out>/<name>/sweep-<hash>/}, with {@code index.csv} of finished points (written by this process alone) and
 * {@code manifest.json}; running it again resumes (finished points are skipped, never duplicated). Both executors
 * run the same {@link SweepPointFunction}.
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
        if (executor.equals("local")) {
            try (SweepExecutor local = new LocalSweepExecutor(e.sweep().parallel())) {
                return runSweep(e, file, options, output.out, output.progress(), local);
            }
        }
        if (output.out.toString().matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new ExperimentException(List.of(new ValidationError("--out", output.out.toString(), "a filesystem "
                    + "path (on a cluster, one every worker sees: a shared filesystem); Hadoop URIs are not supported")));
        }
        String m = master != null ? master : System.getProperty("spark.master", "local[*]");
        try (SweepExecutor spark = spark(e.name(), m, conf)) {
            return runSweep(e, file, options, output.out, output.progress(), spark);
        }
    }

    /** Starts the Spark executor (by reflection: the default path loads no Spark class). */
    private static SweepExecutor spark(String name, String master, Map<String, String> conf) throws Exception {
        Class<?> c;
        try {
            c = Class.forName(SPARK_EXECUTOR);
        } catch (ClassNotFoundException | NoClassDefFoundError missing) {
            throw new IllegalStateException("--executor spark: the Spark executor is not on the classpath; run through "
                    + "./spinel (it builds it on first use) or build with mvn -Pspark (docs/cluster.md)");
        }
        try {
            return (SweepExecutor) c.getConstructor(String.class, String.class, Map.class).newInstance(
                    "spinel sweep " + name, master, conf);
        } catch (java.lang.reflect.InvocationTargetException ex) {
            throw ex.getCause() instanceof Exception x ? x : ex;
        }
    }

    /** Runs (or resumes) the sweep of {@code e} on the local pool; exit code 0 when every point is ok, 1 otherwise. */
    static int runSweep(Experiment e, Path file, ExperimentOptions options, Path out, boolean progress) throws Exception {
        try (SweepExecutor local = new LocalSweepExecutor(e.sweep().parallel())) {
            return runSweep(e, file, options, out, progress, local);
        }
    }

    private static int runSweep(Experiment e, Path file, ExperimentOptions options, Path out, boolean progress,
            SweepExecutor executor) throws Exception {
        Path dir = out.resolve(e.name()).resolve("sweep-" + Identity.hash(e.resolved()));
        try {
            return sweep(e, dir, progress, executor);
        } catch (Exception ex) {
            // a full disk while writing the sweep's own files: said as for a run, with the sweep directory
            org.spinel.experiments.run.NoSpaceLeftException full = org.spinel.experiments.run.NoSpaceLeftException
                    .of(ex, dir);
            throw full != null ? full : ex;
        }
    }

    private static int sweep(Experiment e, Path dir, boolean progress, SweepExecutor executor) throws Exception {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        ObjectNode base = e.resolved().deepCopy();
        base.remove("sweep");
        Files.writeString(dir.resolve("sweep.json"), ExperimentReader.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(e.resolved()) + "\n");
        List<SweepPoint> points = SweepPlan.points(e.sweep());
        List<String> header = new ArrayList<>(List.of("point", "seed"));
        e.sweep().axes().forEach(a -> header.addAll(a.paths()));
        header.addAll(List.of("status", "wall_s", "spikes", "run_dir", "error"));
        try (SweepIndex index = new SweepIndex(dir.resolve("index.csv"), header)) {
            // The index's lock is held: no other sweep runs here, so a staging directory left now is a killed attempt's.
            SweepPointFunction run = new SweepPointFunction(base, e.protocol(), dir);
            SweepPointFunction.removeAttempts(dir);
            executor.check(run);
            List<SweepPoint> todo = points.stream().filter(p -> !index.finished().contains(p.id())).toList();
            ObjectNode described = ExperimentReader.MAPPER.createObjectNode();
            executor.describe(described);
            System.err.println("spinel: sweep " + e.name() + ": " + points.size() + " points, " + (points.size() - todo.size())
                    + " already done, " + todo.size() + " to run, " + (described.has("parallel") ? described.get(
                            "parallel") + " at a time" : "on " + described.path("executor").asText() + " " + described
                                    .path("master").asText()) + "; index " + dir.resolve("index.csv"));
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
            if (!todo.isEmpty() || e.sweep().summary() != null) {
                List<Path> files = org.spinel.experiments.sweep.SweepSummary.write(dir, e.sweep());
                System.err.println("spinel: summary " + files.stream().map(f -> f.getFileName().toString()).toList());
            }
            writeManifest(dir, e, executor, start, t0, points.size(), todo.size(), failed.get());
            System.out.println("spinel: sweep " + e.name() + " done: " + (todo.size() - failed.get()) + " ran, "
                    + (points.size() - todo.size()) + " skipped, " + failed.get() + " failed; results in " + dir);
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
