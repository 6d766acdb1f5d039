package org.spinel.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.ExperimentReader;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.export.ResultExporter;
import org.spinel.results.plot.Plots;

import com.fasterxml.jackson.databind.node.ObjectNode;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs the {@code simulate} protocol of an {@link Experiment} and writes its run directory
 * {@code <out>/<name>/<UTC timestamp>-<hash of the resolved experiment>/} atomically: {@code manifest.json},
 * {@code metrics.json}, exports (CSV/NPY/HDF5) and plots. A failure leaves no directory behind.
 */
public final class ExperimentRunner {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param quick    whether the experiment was shortened for a quick run (recorded in the manifest)
     * @param progress show a progress bar
     * @param log      where to print messages (the result location, backend choice)
     * @param resume   a run directory or checkpoint to continue from (protocol {@code train}), or null
     */
    public record Options(boolean quick, boolean progress, PrintStream log, Path resume) {
        /** Options without a checkpoint to resume from. */
        public Options(boolean quick, boolean progress, PrintStream log) {
            this(quick, progress, log, null);
        }
    }

    /**
     * The outcome of a run.
     *
     * @param directory the run directory
     * @param metrics   the metrics written to metrics.json
     */
    public record Result(Path directory, ObjectNode metrics) {
    }

    private ExperimentRunner() {
    }

    /** Runs {@code e} and writes its directory under {@code outRoot/<name>/}. */
    public static Result run(Experiment e, Path outRoot, Options options) throws IOException {
        // The commit is looked up (and kept) before the run: a long run must not record a HEAD that moved meanwhile.
        GitCommit.get();
        if ("train".equals(e.protocol())) {
            return org.spinel.experiments.train.TrainRunner.run(e, outRoot, options);
        }
        if (options.resume() != null) {
            throw new IllegalArgumentException("--resume applies to the train protocol; this experiment's protocol is "
                    + e.protocol());
        }
        if ("map-scan".equals(e.protocol())) {
            return org.spinel.experiments.mapscan.MapScanRunner.run(e, outRoot, options);
        }
        if ("lsm-classification".equals(e.protocol())) {
            return org.spinel.experiments.lsm.LsmClassificationRunner.run(e, outRoot, options);
        }
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Network net = e.network();
        long t1 = System.nanoTime();
        Backends.Selection selection = Backends.select(e.backend(), net);
        Backend backend = selection.backend();
        String why = selection.reason();
        if (e.backend().equals("auto") && options.log() != null) {
            options.log().println("spinel: backend " + backend.name() + " (" + why + ")");
        }
        ObjectNode metrics = ExperimentReader.MAPPER.createObjectNode();
        Recording rec;
        long t2, t3;
        try (Simulation sim = backend.compile(net, SimulationOptions.threads(e.threads()))) {
            t2 = System.nanoTime();
            long steps = Math.round(e.durationMs() / e.dt());
            runWithProgress(sim, steps, e.name(), options.progress());
            t3 = System.nanoTime();
            rec = sim.recording();
            metrics.put("neurons", net.neuronCount());
            metrics.put("synapses", net.synapseCount());
            metrics.put("steps", steps);
            metrics.put("spikes", sim.spikeCount());
            metrics.put("synaptic_events", sim.synapticEvents());
        }
        ObjectNode pops = metrics.putObject("populations");
        for (SpikeTrains s : rec.spikes().values()) {
            ObjectNode p = pops.putObject(s.population());
            p.put("size", s.size());
            p.put("spikes", s.count());
            p.put("mean_rate_hz", e.durationMs() > 0 ? s.count() / (double) s.size() / (e.durationMs() / 1000) : 0);
        }
        for (PopulationRate r : rec.rates().values()) {
            pops.withObject("/" + r.population()).put("mean_binned_rate_hz", r.meanRateHz());
        }
        metrics.put("build_s", (t1 - t0) / 1e9);
        metrics.put("compile_s", (t2 - t1) / 1e9);
        metrics.put("run_s", (t3 - t2) / 1e9);
        String hash = shortHash(e.resolved());
        Path parent = outRoot.resolve(e.name());
        final String runId = runId(parent, start, hash);
        Path dir = RunDirectory.write(parent, runId, tmp -> {
            List<String> files = new java.util.ArrayList<>(ResultExporter.write(rec, tmp, e.outputs().csv(),
                    e.outputs().npy(), e.outputs().hdf5()));
            if (e.outputs().plots()) {
                files.addAll(Plots.writeAll(rec, tmp));
            }
            Manifest.writeJson(tmp.resolve("metrics.json"), metrics);
            new Manifest(runId, backend.name(), why, backend.name().equals("java") ? "CPU (Java reference backend)"
                    : backend.availability().reason(), options.quick(), start, t0, hash).write(tmp, e, files, metrics);
        });
        return new Result(dir, metrics);
    }

    private static void runWithProgress(Simulation sim, long steps, String name, boolean progress) {
        if (!progress || steps < 1000) {
            sim.runSteps(steps);
            return;
        }
        int chunks = 100;
        try (ProgressBar pb = new ProgressBarBuilder().setTaskName(name).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1).build()) {
            long done = 0;
            for (int c = 1; c <= chunks; c++) {
                long to = steps * c / chunks;
                sim.runSteps(to - done);
                done = to;
                pb.stepTo(done);
            }
        }
    }

    /** A fresh run id {@code <UTC timestamp>-<hash>} (with a counter if that directory exists). */
    public static String runId(Path parent, Instant start, String hash) {
        String id = TS.format(start) + "-" + hash;
        for (int k = 2; Files.exists(parent.resolve(id)); k++) {
            id = TS.format(start) + "-" + hash + "-" + k;
        }
        return id;
    }

    /** First 8 hex digits of SHA-256 of the resolved experiment's JSON. */
    public static String shortHash(ObjectNode resolved) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(resolved.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
