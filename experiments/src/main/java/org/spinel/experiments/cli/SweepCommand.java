package org.spinel.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.spinel.experiments.spec.Overrides;
import org.spinel.experiments.spec.Problems;
import org.spinel.experiments.spec.ValidationError;
import org.spinel.experiments.sweep.LocalSweepExecutor;
import org.spinel.experiments.sweep.PointResult;
import org.spinel.experiments.sweep.SweepIndex;
import org.spinel.experiments.sweep.SweepPlan;
import org.spinel.experiments.sweep.SweepPoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code spinel sweep FILE}: runs the experiment's {@code sweep} block (grid × seeds) on a bounded local pool into
 * {@code <out>/<name>/sweep-<hash>/}, with {@code index.csv} of finished points; running it again resumes (finished
 * points are skipped, never duplicated).
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

    @Override
    public Integer call() throws Exception {
        Experiment e = options.read(file);
        if (e.sweep() == null) {
            throw new ExperimentException(List.of(new ValidationError("/sweep", file + ": no \"sweep\" block",
                    "{\"sweep\": {\"grid\": [{\"path\": \"/...\", \"values\": [...]}], \"seeds\": [...]}}")));
        }
        return runSweep(e, file, options, output.out, output.progress());
    }

    /** Runs (or resumes) the sweep of {@code e}; exit code 0 when every point is ok, 1 otherwise. */
    static int runSweep(Experiment e, Path file, ExperimentOptions options, Path out, boolean progress) throws Exception {
        Path dir = out.resolve(e.name()).resolve("sweep-" + Identity.hash(e.resolved()));
        try {
            return sweep(e, dir, progress);
        } catch (Exception ex) {
            // a full disk while writing the sweep's own files: said as for a run, with the sweep directory
            org.spinel.experiments.run.NoSpaceLeftException full = org.spinel.experiments.run.NoSpaceLeftException
                    .of(ex, dir);
            throw full != null ? full : ex;
        }
    }

    private static int sweep(Experiment e, Path dir, boolean progress) throws Exception {
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
            List<SweepPoint> todo = points.stream().filter(p -> !index.finished().contains(p.id())).toList();
            System.err.println("spinel: sweep " + e.name() + ": " + points.size() + " points, " + (points.size() - todo.size())
                    + " already done, " + todo.size() + " to run, " + e.sweep().parallel() + " at a time; index " + dir
                    .resolve("index.csv"));
            AtomicInteger failed = new AtomicInteger();
            ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName(e.name()).setInitialMax(todo.size())
                    .setStyle(ProgressBarStyle.ASCII).build() : null;
            try {
                new LocalSweepExecutor(e.sweep().parallel()).execute(todo, p -> runPoint(base, p, dir), r -> {
                    if (!r.ok() && ExperimentRunner.stopping()) {
                        return; // stopped by a signal: not a failure of the point; running the sweep again runs it
                    }
                    List<String> row = new ArrayList<>(List.of(r.point().id(), Long.toString(r.point().seed())));
                    r.point().params().values().forEach(v -> row.add(v.isTextual() ? v.asText() : v.toString()));
                    row.addAll(List.of(r.ok() ? "ok" : "failed", String.format("%.3f", r.wallS()), Long.toString(r.spikes()),
                            r.runDir(), r.error()));
                    try {
                        index.append(row);
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
            System.out.println("spinel: sweep " + e.name() + " done: " + (todo.size() - failed.get()) + " ran, "
                    + (points.size() - todo.size()) + " skipped, " + failed.get() + " failed; results in " + dir);
            return failed.get() == 0 ? 0 : 1;
        }
    }

    private static PointResult runPoint(ObjectNode base, SweepPoint p, Path sweepDir) {
        long t0 = System.nanoTime();
        try {
            JsonNode doc = base.deepCopy();
            Problems problems = new Problems();
            for (Map.Entry<String, JsonNode> a : p.params().entrySet()) {
                Overrides.setNode(doc, a.getKey(), a.getValue(), problems);
            }
            Overrides.setNode(doc, "/seed", LongNode.valueOf(p.seed()), problems);
            problems.throwIfAny();
            Experiment pe = ExperimentReader.read(doc, new LinkedHashMap<>());
            ExperimentRunner.Result r = ExperimentRunner.run(pe, sweepDir.resolve("points").resolve(p.id()),
                    new ExperimentRunner.Options(false, false, null));
            return new PointResult(p, true, (System.nanoTime() - t0) / 1e9, r.metrics().path("spikes").asLong(),
                    sweepDir.relativize(r.directory()).toString(), "");
        } catch (Exception | StackOverflowError ex) {
            return new PointResult(p, false, (System.nanoTime() - t0) / 1e9, 0, "", String.valueOf(ex.getMessage()));
        }
    }
}
