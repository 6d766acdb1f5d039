package org.spinel.experiments.examples;

import org.spinel.networks.Network;
import org.spinel.networks.engine.Backends;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.results.Recording;

/**
 * Example program: the CUBA network through the Java API. Run with
 * {@code java -cp ... org.spinel.experiments.examples.CubaExample [neurons] [seconds] [threads]}.
 */
public final class CubaExample {
    private CubaExample() {
    }

    /** Builds, runs and prints the mean rates. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Network net = CubaNetwork.build(n, 1, true);
        try (Simulation sim = Backends.get("java").compile(net, SimulationOptions.threads(threads))) {
            sim.run(seconds * 1000);
            Recording rec = sim.recording();
            System.out.printf("CUBA N=%d: %d synapses, E %.2f Hz, I %.2f Hz over %.1f s%n", n, net.synapseCount(),
                    rec.spikes("E").meanRateHz(seconds * 1000), rec.spikes("I").meanRateHz(seconds * 1000), seconds);
        }
    }
}
