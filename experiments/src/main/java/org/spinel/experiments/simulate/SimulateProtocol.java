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
 * backend and writes the monitors' recordings (CSV/NPY/HDF5 exports and plots). {@code /protocol} has no fields but
 * its type; {@code --quick} caps the duration at {@link Protocol#QUICK_STEPS} steps.
 */
public final class SimulateProtocol implements Protocol<Void> {
    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public Void read(ProtocolInput in) {
        return null;
    }

    @Override
    public Outcome run(Experiment e, Void settings, RunContext run) throws IOException {
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
            runWithProgress(sim, steps, e.name(), run.progress());
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
