package org.spinel.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spinel.experiments.spec.Experiment;
import org.spinel.experiments.spec.MemoryEstimate;
import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.SynapseGraph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code spinel inspect FILE}: builds the network and prints its statistics without running it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Build an experiment's network and print neurons, synapses, degrees, delays and memory.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Experiment JSON.")
    Path file;
    @Mixin
    ExperimentOptions options = new ExperimentOptions();

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Experiment e = options.read(file);
        long t1 = System.nanoTime();
        // The estimate comes first: it was checked against the heap when the document was read (a run that cannot
        // fit is refused there, exit 2), and it is what the network below needs at least before it is built.
        printMemory(e.memory());
        if ("train".equals(e.protocol())) {
            return inspectTrain(e, (t1 - t0) / 1e9);
        }
        if (e.epTrain() != null) {
            return inspectEp(e, (t1 - t0) / 1e9);
        }
        if (org.spinel.experiments.protocol.Protocols.get(e.protocol()).ownsNetwork()) {
            System.out.printf("experiment %s: %s protocol; its network is /protocol/network (nothing for the "
                    + "engine)%n", e.name(), e.protocol());
            System.out.printf("time: load+validate %.3f s%n", (t1 - t0) / 1e9);
            return 0;
        }
        Network net = e.network();
        long t2 = System.nanoTime();
        System.out.printf("experiment %s: dt %s ms, duration %s ms, seed %d, backend %s, threads %d%n", e.name(), e.dt(),
                e.durationMs(), e.seed(), e.backend(), e.threads());
        long stateBytes = 0;
        for (PopulationSpec p : net.populations().values()) {
            int vars = p.model().stateVariables().size();
            stateBytes += (long) p.size() * (8L * (vars + 1) + 4);
            System.out.printf("population %-12s %8d neurons  model %s  state %s%n", p.name(), p.size(), p.model().name(),
                    p.model().stateVariables());
        }
        for (var s : net.sources().values()) {
            System.out.printf("source     %-12s %8d neurons%n", s.name(), s.size());
        }
        for (String name : net.projections().keySet()) {
            SynapseGraph g = net.graph(name);
            int[] rs = g.rowStart();
            int maxOut = 0;
            for (int j = 0; j < g.nPre(); j++) {
                maxOut = Math.max(maxOut, rs[j + 1] - rs[j]);
            }
            int[] in = new int[g.nPost()];
            for (int t : g.targets()) {
                in[t]++;
            }
            int maxIn = 0;
            for (int c : in) {
                maxIn = Math.max(maxIn, c);
            }
            int minD = Integer.MAX_VALUE, maxD = 0;
            for (int s = 0; s < g.size(); s++) {
                minD = Math.min(minD, g.delay(s));
                maxD = Math.max(maxD, g.delay(s));
            }
            var spec = net.projections().get(name);
            System.out.printf("projection %-12s %s -> %s (%s): %d synapses, out-degree mean %.2f max %d, in-degree mean "
                    + "%.2f max %d, delays %s ms, %.2f bytes/synapse%n", name, spec.pre(), spec.post(), spec.target(), g.size(),
                    g.size() / (double) g.nPre(), maxOut, g.size() / (double) g.nPost(), maxIn,
                    g.size() == 0 ? "-" : (minD * e.dt()) + ".." + (maxD * e.dt()), g.size() == 0 ? 0.0
                            : g.bytes() / (double) g.size());
        }
        for (var c : net.couplings()) {
            System.out.printf("coupling   %-12s on %s.%s%n", c.name(), c.population(), c.variable());
        }
        System.out.printf("total: %d neurons, %d synapses; the network as built %.1f MiB (connectivity %.1f MiB, neuron "
                + "state %.1f MiB)%n", net.neuronCount(), net.synapseCount(), (net.connectivityBytes() + stateBytes) / 1048576.0,
                net.connectivityBytes() / 1048576.0, stateBytes / 1048576.0);
        System.out.printf("time: load+validate %.3f s, build %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        return 0;
    }

    /** The memory estimate: its total against the heap, then each part with the field that sets its size. */
    static void printMemory(MemoryEstimate m) {
        System.out.printf("memory: the run needs at least %s of the Java heap's %s (estimated from the document "
                + "before building; SPINEL_JAVA_OPTS=\"-Xmx<size>\" sets the heap)%n",
                MemoryEstimate.format(m.totalBytes()), MemoryEstimate.format(m.heapBytes()));
        for (MemoryEstimate.Part p : m.parts()) {
            System.out.printf("  %10s  %s at %s%n", MemoryEstimate.format(p.bytes()), p.description(), p.pointer());
        }
    }

    /** The trainable network of a train experiment: layers, weights, BPTT memory per sample. */
    private static int inspectTrain(Experiment e, double loadS) {
        var t = e.train();
        int inputs = t.inputs() > 0 ? t.inputs() : 784;
        var net = new org.spinel.plasticity.sg.SurrogateGradientNetwork(inputs, t.layerConfigs(), t.dtMs(),
                org.spinel.plasticity.sg.SpikeFunction.trueGradient());
        System.out.printf("experiment %s: train protocol, %s, %d steps of %s ms, seed %d, threads %d%n", e.name(),
                t.dataset().name(), t.steps(), t.dtMs(), e.seed(), e.threads());
        System.out.printf("inputs     %8d%s%n", inputs, t.inputs() > 0 ? "" : " (the dataset's pixels; 784 assumed)");
        long params = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            var c = net.layer(l);
            long w = net.weights(l).length + (net.recurrentWeights(l) == null ? 0 : net.recurrentWeights(l).length);
            params += w;
            System.out.printf("layer %-4d %8d neurons  %s%s, tauMem %s ms, tauSyn %s ms, threshold %s, reset %s; %d "
                    + "weights%s%n", l, c.size(), c.spiking() ? "LIF" : "leaky readout", c.recurrent() ? " (recurrent)"
                    : "", c.tauMemMs(), c.tauSynMs(), c.threshold(), c.reset().name().toLowerCase(), w,
                    t.layers().get(l).learn() ? "" : " (frozen)");
        }
        System.out.printf("total: %d weights (%.2f MiB as float64); BPTT state %.2f MiB per sample per thread%n",
                params, params * 8 / 1048576.0, net.workspace(t.steps()).stateBytes() / 1048576.0);
        System.out.printf("training: %s, %s, %s, %d epochs of batches of %d%n", t.surrogate() == null ? "true gradient"
                : t.surrogate().describe(), org.spinel.experiments.spec.TrainSpec.lossName(t.loss()),
                t.optimizer().type() + " lr " + t.optimizer().lr(), t.epochs(), t.batchSize());
        System.out.printf("time: load+validate %.3f s%n", loadS);
        return 0;
    }

    /** The rate network of an ep-train experiment: layers, weight blocks, estimator and phases. */
    private static int inspectEp(Experiment e, double loadS) {
        var t = e.epTrain();
        int[] sizes = t.sizes();
        var net = org.spinel.plasticity.ep.EquilibriumNetwork.zeros(sizes, t.classes() > 0 ? t.classes() : 10,
                t.activation(), t.tied());
        System.out.printf("experiment %s: ep-train protocol, %s, seed %d, threads %d%n", e.name(), t.dataset().name(),
                e.seed(), e.threads());
        System.out.printf("layers     %s (input first), activation %s, %s feedback%s%n", java.util.Arrays.toString(sizes),
                t.activation().id(), t.tied() ? "tied" : "untied", t.tied() ? "" : " at " + t.angleDeg() + "°");
        long params = 0;
        for (var b : net.blocks()) {
            params += b.size();
            System.out.printf("block %-14s %6d × %-6d %s%n", b.name(), b.pre(), b.post(), b.role().name()
                    .toLowerCase());
        }
        System.out.printf("total: %d weights (%.2f MiB as float64)%n", params, params * 8 / 1048576.0);
        System.out.printf("training: %s, T1 %d, T2 %d, tolerance %s, homeostasis lambda %s, %s lr %s, %d epochs of "
                + "batches of %d%n", t.estimator().describe(), t.phases().freeSteps(), t.phases().nudgedSteps(),
                t.phases().tolerance(), t.homeostasis().lambda(), t.optimizer().type(), t.optimizer().lr(), t.epochs(),
                t.batchSize());
        System.out.printf("time: load+validate %.3f s%n", loadS);
        return 0;
    }
}
