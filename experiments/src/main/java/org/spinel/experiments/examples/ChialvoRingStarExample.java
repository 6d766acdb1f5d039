package org.spinel.experiments.examples;

import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.StateTrace;

/**
 * Example program: the N = 4 higher-order ring-star of Chialvo maps through the Java API; prints the hub's last
 * iterations and the spike count per node. Run with
 * {@code java -cp ... org.spinel.experiments.examples.ChialvoRingStarExample [iterations]}.
 */
public final class ChialvoRingStarExample {
    private ChialvoRingStarExample() {
    }

    /** Builds, runs and prints a summary. */
    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Network net = ChialvoRingStarNetwork.build(4, 1, 0.01, 0.02, 0.005, 0.005, 1);
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.defaults())) {
            sim.runSteps(iterations);
            StateTrace x = sim.recording().trace("ring-star", "x");
            System.out.print("hub x, last 5 iterations:");
            for (int r = Math.max(0, x.length() - 5); r < x.length(); r++) {
                System.out.printf(" %.4f", x.value(r, 0));
            }
            System.out.println();
            int[] counts = sim.recording().spikes("ring-star").countsPerNeuron();
            System.out.println("spikes per node: " + java.util.Arrays.toString(counts));
        }
    }
}
