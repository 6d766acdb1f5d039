package org.spinel.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.spinel.experiments.SpinelVersion;
import org.spinel.experiments.run.RunDirectory;
import org.spinel.experiments.examples.ChialvoRingStarNetwork;
import org.spinel.experiments.run.RunDirectory;
import org.spinel.experiments.examples.CubaNetwork;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spinel example cuba}: runs the built-in CUBA network and writes spikes and rates as CSV plus a summary into
 * a new run directory (written under a temporary name, then renamed, so an interrupted run leaves nothing behind).
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run a built-in example network end to end and export its results (CSV + summary.json).")
public final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Example name: cuba (Brette et al. 2007 CUBA) or ring-star (Chialvo maps, "
            + "N = --neurons, default 4 when not given explicitly).")
    String name;
    @Option(names = "--duration", defaultValue = "1s", description = "Biological time (default ${DEFAULT-VALUE}).")
    String duration;
    @Option(names = "--neurons", description = "Network size (default 4000 for cuba, 4 for ring-star).")
    Integer neurons;
    @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--seed", defaultValue = "1", description = "Root seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", defaultValue = "runs", description = "Parent directory of run directories (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!name.equals("cuba") && !name.equals("ring-star")) {
            throw new IllegalArgumentException("example = \"" + name + "\": expected one of [cuba, ring-star]");
        }
        double ms = Durations.parseMs("--duration", duration);
        if (name.equals("ring-star")) {
            return ringStar(ms);
        }
        int neurons = this.neurons == null ? 4000 : this.neurons;
        Instant start = Instant.now();
        Network net = CubaNetwork.build(neurons, seed, true);
        Recording rec;
        long t0 = System.nanoTime();
        Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(threads));
        sim.run(ms);
        double wall = (System.nanoTime() - t0) / 1e9;
        rec = sim.recording();
        String id = "cuba-" + start.toString().replace(":", "").replace(".", "-") + "-seed" + seed;
        try {
            Map<String, Object> summary = new LinkedHashMap<>();
            Path dir = RunDirectory.write(out, id, tmp -> {
                for (SpikeTrains s : rec.spikes().values()) {
                    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp.resolve("spikes_" + s.population() + ".csv")))) {
                        w.println("time_ms,neuron");
                        for (int k = 0; k < s.count(); k++) {
                            w.printf("%.1f,%d%n", s.step(k) * s.dt(), s.sender(k));
                        }
                    }
                }
                for (PopulationRate r : rec.rates().values()) {
                    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp.resolve("rate_" + r.population() + ".csv")))) {
                        w.println("time_ms,rate_hz");
                        for (int k = 0; k < r.length(); k++) {
                            w.printf("%.1f,%.4f%n", r.time(k), r.rateHz(k));
                        }
                    }
                }
                summary.put("example", name);
                summary.put("spinel_version", SpinelVersion.version());
                summary.put("java_version", Runtime.version().toString());
                summary.put("seed", seed);
                summary.put("neurons", neurons);
                summary.put("synapses", net.synapseCount());
                summary.put("duration_ms", ms);
                summary.put("threads", sim.threads());
                summary.put("wall_s", wall);
                summary.put("rate_E_hz", rec.spikes("E").meanRateHz(ms));
                summary.put("rate_I_hz", rec.spikes("I").meanRateHz(ms));
                summary.put("spikes", sim.spikeCount());
                summary.put("start", start.toString());
                Files.writeString(tmp.resolve("summary.json"), Json.line(summary) + "\n");
            });
            System.out.println(Json.line(summary));
            System.out.println("results in " + dir);
        } finally {
            sim.close();
        }
        return 0;
    }

    /** Ring-star of Chialvo maps: one iteration per step; --duration counts iterations (1 ms = 1 iteration). */
    private Integer ringStar(double iterations) throws IOException {
        int n = neurons == null ? 4 : neurons;
        Instant start = Instant.now();
        Network net = ChialvoRingStarNetwork.build(n, 1, 0.01, 0.02, 0.005, 0.005, seed);
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(threads))) {
            sim.run(iterations);
            Recording rec = sim.recording();
            String id = "ring-star-" + start.toString().replace(":", "").replace(".", "-") + "-seed" + seed;
            Map<String, Object> summary = new LinkedHashMap<>();
            Path dir = RunDirectory.write(out, id, tmp -> {
                org.spinel.results.StateTrace x = rec.trace("ring-star", "x");
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(tmp.resolve("x.csv")))) {
                    StringBuilder h = new StringBuilder("iteration");
                    for (int i = 0; i < n; i++) {
                        h.append(",x").append(i);
                    }
                    w.println(h);
                    for (int r = 0; r < x.length(); r++) {
                        StringBuilder row = new StringBuilder().append(x.step(r));
                        for (int i = 0; i < n; i++) {
                            row.append(',').append(x.value(r, i));
                        }
                        w.println(row);
                    }
                }
                summary.put("example", name);
                summary.put("spinel_version", SpinelVersion.version());
                summary.put("seed", seed);
                summary.put("neurons", n);
                summary.put("iterations", sim.step());
                summary.put("spikes", rec.spikes("ring-star").count());
                Files.writeString(tmp.resolve("summary.json"), Json.line(summary) + "\n");
            });
            System.out.println(Json.line(summary));
            System.out.println("results in " + dir);
        }
        return 0;
    }
}
