package org.spinel.experiments.simulate;

import java.io.IOException;
import java.nio.file.Path;

import org.spinel.experiments.protocol.Outcome;
import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.ProtocolInput;
import org.spinel.experiments.protocol.RunContext;
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
 * The {@code simulate} protocol (the default): builds the network, runs it for {@code /duration} on the chosen
 * backend and writes the monitors' recordings (CSV/NPY/HDF5 exports and plots); {@code --quick} caps the duration at
 * {@link Protocol#QUICK_STEPS} steps.
 *
 * <p>Optional trials ({@code /protocol/trial}, a time of whole steps): the run is cut into trials of that length,
 * and after each one {@link Simulation#applyPlasticity()} applies the {@code per-trial} pipelines' accumulated
 * updates (project → bounds → observe: an HLOP projector learns from the trial's presynaptic counts); after the
 * trials listed in {@code /protocol/endTaskAfter} (trial counts, increasing) {@link Simulation#endTask()} marks a
 * task boundary (HLOP freezes its rows). A remainder of the duration shorter than a trial runs without applying.
 * Then per {@code per-trial} projection the weights at each boundary and at the end are written
 * ({@code weights_<projection>_task<t>.npy}, float64 [pre][post] for a dense projection: one with a projector or
 * all-to-all; [1][synapses] in CSR order otherwise) and {@code metrics.plasticity.<projection>} records the
 * Euclidean weight change over each task.
 */
public final class SimulateProtocol implements Protocol<SimulateProtocol.Trials> {
    /**
     * The trials of a run.
     *
     * @param trialSteps   steps per trial, 0 for none (one stretch, no per-trial updates)
     * @param endTaskAfter trial counts after which a task ends, increasing
     */
    public record Trials(long trialSteps, int[] endTaskAfter) {
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public Trials read(ProtocolInput in) {
        org.spinel.experiments.spec.Obj p = in.protocol();
        if (!p.has("trial")) {
            if (p.has("endTaskAfter")) {
                in.problems().add(p.at("endTaskAfter"), p.raw("endTaskAfter"), "nothing without \"trial\" (task "
                        + "boundaries count trials)");
            }
            return new Trials(0, new int[0]);
        }
        double dt = in.dt();
        double trial = p.quantity("trial", org.spinel.experiments.spec.Dimension.TIME, null, Double.MIN_VALUE,
                Double.POSITIVE_INFINITY);
        long steps = 0;
        if (!Double.isNaN(trial) && dt > 0) {
            steps = Math.round(trial / dt);
            if (steps < 1 || Math.abs(steps * dt - trial) > 1e-9 * Math.max(1, trial)) {
                in.problems().add(p.at("trial"), p.raw("trial"), "a whole number of steps of dt = " + dt + " ms");
                steps = 0;
            } else if (in.durationMs() > 0 && trial > in.durationMs() + 1e-9) {
                in.problems().add(p.at("trial"), p.raw("trial"), "at most the duration, " + in.durationMs() + " ms");
                steps = 0;
            }
        }
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> items = p.array("endTaskAfter", true);
        com.fasterxml.jackson.databind.node.ArrayNode resolved = p.resolvedArray("endTaskAfter");
        if (items != null) {
            int last = 0;
            for (int k = 0; k < items.size(); k++) {
                com.fasterxml.jackson.databind.JsonNode v = items.get(k);
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= last) {
                    in.problems().add(p.at("endTaskAfter") + "/" + k, v, "a trial count (an integer) above "
                            + last + (k == 0 ? "" : ", the entry before it"));
                    continue;
                }
                last = v.asInt();
                ends.add(last);
                resolved.add(last);
            }
        }
        return new Trials(steps, ends.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public Outcome run(Experiment e, Trials settings, RunContext run) throws IOException {
        long t0 = System.nanoTime();
        Network net = e.network();
        long t1 = System.nanoTime();
        Backends.Selection selection = Backends.select(e.backend(), net);
        Backend backend = selection.backend();
        String why = selection.reason();
        if (e.backend().equals("auto")) {
            run.log().println("spinel: backend " + backend.name() + " (" + why + ")");
        }
        ObjectNode metrics = ExperimentReader.MAPPER.createObjectNode();
        Recording rec;
        long t2, t3;
        try (Simulation sim = backend.compile(net, SimulationOptions.threads(e.threads()))) {
            t2 = System.nanoTime();
            long steps = Math.round(e.durationMs() / e.dt());
            if (settings != null && settings.trialSteps() > 0) {
                runTrials(sim, net, steps, settings, metrics, run.directory(), e.outputs().npy());
            } else {
                runWithProgress(sim, steps, e.name(), run.progress());
            }
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
        Path dir = run.directory();
        ResultExporter.write(rec, dir, e.outputs().csv(), e.outputs().npy(), e.outputs().hdf5());
        if (e.outputs().plots()) {
            Plots.writeAll(rec, dir);
        }
        return new Outcome(metrics, new Outcome.Execution(backend.name(), why, backend.name().equals("java")
                ? "CPU (Java reference backend)" : backend.availability().reason()));
    }

    @Override
    public String summary(ObjectNode metrics) {
        return metrics.path("spikes").asLong() + " spikes in " + String.format("%.3f", metrics.path("run_s").asDouble())
                + " s of run time";
    }

    /** The trials (see the class comment): per-trial updates, task boundaries, weight snapshots and metrics. */
    private static void runTrials(Simulation sim, Network net, long steps, Trials t, ObjectNode metrics, Path dir,
            boolean npy) throws IOException {
        long n = steps / t.trialSteps();
        java.util.List<String> learned = new java.util.ArrayList<>();
        for (var p : net.projections().entrySet()) {
            var pipe = p.getValue().plasticity();
            if (pipe != null && pipe.application() == org.spinel.networks.plasticity.PlasticityPipeline.Application
                    .PER_TRIAL) {
                learned.add(p.getKey());
            }
        }
        java.util.Map<String, float[]> start = new java.util.LinkedHashMap<>();
        java.util.Map<String, java.util.List<Double>> change = new java.util.LinkedHashMap<>();
        for (String name : learned) {
            start.put(name, sim.weights(name));
            change.put(name, new java.util.ArrayList<>());
        }
        int next = 0, task = 0;
        for (long k = 1; k <= n; k++) {
            sim.runSteps(t.trialSteps());
            sim.applyPlasticity();
            boolean boundary = next < t.endTaskAfter().length && t.endTaskAfter()[next] == k;
            if (boundary || k == n) {
                for (String name : learned) {
                    float[] w = sim.weights(name);
                    change.get(name).add(distance(w, start.get(name)));
                    start.put(name, w);
                    if (npy) {
                        var ps = net.projections().get(name);
                        int pre = net.sizeOf(ps.pre()), post = net.sizeOf(ps.post());
                        boolean dense = w.length == pre * post && (ps.plasticity().projector() != null
                                || ps.topology() instanceof org.spinel.networks.topology.AllToAll);
                        int rows = dense ? pre : 1, cols = dense ? post : w.length;
                        double[][] m = new double[rows][cols];
                        for (int j = 0; j < rows; j++) {
                            for (int i = 0; i < cols; i++) {
                                m[j][i] = w[j * cols + i];
                            }
                        }
                        org.spinel.results.export.NpyWriter.write(dir.resolve("weights_" + name + "_task" + task
                                + ".npy"), m);
                    }
                }
            }
            if (boundary) {
                sim.endTask();
                next++;
                task++;
            }
        }
        sim.runSteps(steps - n * t.trialSteps());
        metrics.put("trials", n);
        metrics.put("task_boundaries", next);
        ObjectNode pl = metrics.putObject("plasticity");
        for (String name : learned) {
            ObjectNode o = pl.putObject(name);
            var pr = net.projections().get(name).plasticity().projector();
            o.put("projector", pr == null ? "none" : pr.describe());
            var arr = o.putArray("weight_change_per_task");
            change.get(name).forEach(arr::add);
        }
    }

    /** The Euclidean distance of two weight vectors. */
    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            s += d * d;
        }
        return Math.sqrt(s);
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
}
