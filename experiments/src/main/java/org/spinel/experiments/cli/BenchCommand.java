package org.spinel.experiments.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.spinel.experiments.examples.CubaNetwork;
import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.neurons.ParameterException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spinel bench ...}: benchmark commands printing one JSON line each. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (one JSON line per run).",
        subcommands = {BenchCommand.Cuba.class, BenchCommand.Chialvo.class, EpBenchCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The options every benchmark takes: where it runs and its seed. */
    static final class RunOptions {
        @Option(names = "--backend", defaultValue = "java", description = "Backend name (default ${DEFAULT-VALUE}).")
        String backend;
        @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}; at most "
                + "the available processors: more are capped with a warning).")
        int threads;
        @Option(names = "--seed", defaultValue = "1", description = "Root seed (default ${DEFAULT-VALUE}).")
        long seed;
    }

    /** Wall times of a benchmark: compile, warm-up (then reset), timed loop. */
    record Timing(double buildS, double warmupS, double loopS) {
    }

    /**
     * Compiles {@code net} (timed from {@code t0}, when its build began), runs {@code warmup} (which resets: a reset
     * simulation replays exactly what a fresh one would, so the loop measures JIT-compiled code), then times
     * {@code loop}; {@code report} gets the simulation and the times before it is closed.
     */
    static void timed(Network net, RunOptions o, long t0, Consumer<Simulation> warmup, Consumer<Simulation> loop,
            BiConsumer<Simulation, Timing> report) {
        try (Simulation sim = Backends.get(o.backend).compile(net,
                SimulationOptions.threads(ThreadCap.cap("--threads", o.threads, System.err)))) {
            long tw = System.nanoTime();
            warmup.accept(sim);
            long t1 = System.nanoTime();
            loop.accept(sim);
            long t2 = System.nanoTime();
            report.accept(sim, new Timing((tw - t0) / 1e9, (t1 - tw) / 1e9, (t2 - t1) / 1e9));
        }
    }

    /** CUBA (Brette et al. 2007) as in ../shared/bench: p = 0.02 at N = 4000, 80/N otherwise. */
    @Command(name = "cuba", mixinStandardHelpOptions = true,
            description = "Run the CUBA network and print {bench, backend, threads, neurons, duration_s, build_s, warmup_s, loop_s, "
                    + "spikes, synaptic_events, synapses, bytes_per_synapse}.")
    public static final class Cuba implements Callable<Integer> {
        @Option(names = "--neurons", defaultValue = "4000", description = "Number of neurons (default ${DEFAULT-VALUE}).")
        int neurons;
        @Option(names = "--duration", defaultValue = "1s", description = "Biological time, e.g. 10s or 500ms (default ${DEFAULT-VALUE}).")
        String duration;
        @Mixin
        RunOptions run;
        @Option(names = "--warmup", defaultValue = "1s", description = "Simulated time run first and then reset, so "
                + "that loop_s measures JIT-compiled code as Brian2's figures measure compiled C++ (default "
                + "${DEFAULT-VALUE}; 0s for a cold run).")
        String warmup;

        @Override
        public Integer call() {
            if (neurons < CubaNetwork.MIN_NEURONS) {
                throw new ParameterException("--neurons = " + neurons + ": expected at least " + CubaNetwork.MIN_NEURONS
                        + " (the connection probability is 80 / neurons)");
            }
            if (Durations.steps("--duration", duration, CubaNetwork.DT) < 1) {
                throw new ParameterException("--duration = \"" + duration + "\": expected at least one step ("
                        + CubaNetwork.DT + " ms)");
            }
            Durations.steps("--warmup", warmup, CubaNetwork.DT);
            double ms = Durations.parseMs("--duration", duration);
            double warmupMs = Durations.parseMs("--warmup", warmup);
            long t0 = System.nanoTime();
            Network net = CubaNetwork.build(neurons, run.seed, false);
            timed(net, run, t0, sim -> {
                if (warmupMs > 0) {
                    sim.run(warmupMs);
                    sim.reset();
                }
            }, sim -> sim.run(ms), (sim, t) -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bench", "cuba");
                out.put("backend", sim.backend());
                out.put("threads", sim.threads());
                out.put("neurons", neurons);
                out.put("duration_s", ms / 1000);
                out.put("build_s", t.buildS());
                out.put("warmup_s", t.warmupS());
                out.put("loop_s", t.loopS());
                out.put("spikes", sim.spikeCount());
                out.put("synaptic_events", sim.synapticEvents());
                out.put("synapses", net.synapseCount());
                out.put("bytes_per_synapse", net.synapseCount() == 0 ? 0 : (double) net.connectivityBytes() / net.synapseCount());
                out.put("rate_hz", sim.spikeCount() / (double) neurons / (ms / 1000));
                System.out.println(Json.line(out));
            });
            return 0;
        }
    }

    /**
     * The Chialvo ring-star (chaotic-bursting set, R = 2, σ = 0.02, σ2 ring 0.005; hub terms μ = σ2 hub = 0.05/N so
     * that the hub's summed coupling stays bounded as N grows) for a number of map iterations; nothing recorded.
     */
    @Command(name = "chialvo", mixinStandardHelpOptions = true,
            description = "Run a Chialvo ring-star and print {bench, backend, threads, neurons, iterations, build_s, "
                    + "warmup_s, loop_s, ns_per_node_iteration, spikes, coupling_bytes}.")
    public static final class Chialvo implements Callable<Integer> {
        @Option(names = "--neurons", defaultValue = "10000", description = "Nodes (default ${DEFAULT-VALUE}).")
        int neurons;
        @Option(names = "--iterations", defaultValue = "10000", description = "Map iterations (default ${DEFAULT-VALUE}).")
        long iterations;
        @Mixin
        RunOptions run;
        @Option(names = "--warmup", defaultValue = "1000", description = "Iterations run first and then reset "
                + "(default ${DEFAULT-VALUE}; 0 for a cold run).")
        long warmup;

        @Override
        public Integer call() {
            if (neurons < 5 || iterations < 0 || warmup < 0) {
                throw new org.spinel.experiments.spec.ExperimentException(java.util.List.of(
                        new org.spinel.experiments.spec.ValidationError("", "--neurons = " + neurons
                                + ", --iterations = " + iterations + ", --warmup = " + warmup,
                                "at least 5 nodes and non-negative counts")));
            }
            long t0 = System.nanoTime();
            Network net = org.spinel.experiments.examples.ChialvoRingStarNetwork.build(neurons, 2, 0.05 / neurons, 0.02,
                    0.05 / neurons, 0.005, run.seed, false);
            timed(net, run, t0, sim -> {
                if (warmup > 0) {
                    sim.runSteps(warmup);
                    sim.reset();
                }
            }, sim -> sim.runSteps(iterations), (sim, t) -> {
                var g = net.couplings().get(0).graph();
                long couplingBytes = g.evaluatedBytes();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("bench", "chialvo");
                out.put("backend", sim.backend());
                out.put("threads", sim.threads());
                out.put("neurons", neurons);
                out.put("iterations", iterations);
                out.put("build_s", t.buildS());
                out.put("warmup_s", t.warmupS());
                out.put("loop_s", t.loopS());
                out.put("ns_per_node_iteration", iterations == 0 ? 0.0 : t.loopS() * 1e9 / neurons / iterations);
                out.put("spikes", sim.spikeCount());
                out.put("coupling_bytes", couplingBytes);
                System.out.println(Json.line(out));
            });
            return 0;
        }
    }
}
