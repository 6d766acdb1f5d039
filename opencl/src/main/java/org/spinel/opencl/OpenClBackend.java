package org.spinel.opencl;

import org.spinel.networks.Network;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.ProjectionSpec;
import org.spinel.networks.engine.Backend;
import org.spinel.networks.engine.Simulation;
import org.spinel.networks.engine.SimulationOptions;
import org.spinel.neurons.LifConductanceNeuron;
import org.spinel.neurons.LifCurrentNeuron;

/**
 * The OpenCL backend ({@code "opencl"}), found through {@link java.util.ServiceLoader}. It implements current- and
 * conductance-based LIF populations, Poisson and spike-array sources, event projections with any topology, weights
 * and delays, and spike, rate and state monitors; any other element is reported by {@link #unsupported} so that
 * {@code auto} runs the network on the Java backend instead.
 */
public final class OpenClBackend implements Backend {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Availability availability() {
        OpenClDevice.Probe p = OpenClDevice.probe();
        return new Availability(p.chosen() != null, p.reason());
    }

    @Override
    public String unsupported(Network net) {
        for (PopulationSpec p : net.populations().values()) {
            if (!(p.model() instanceof LifCurrentNeuron) && !(p.model() instanceof LifConductanceNeuron)) {
                return "population \"" + p.name() + "\": neuron model " + p.model().name()
                        + " (implemented: lif-cuba, lif-coba)";
            }
        }
        if (!net.currents().isEmpty()) {
            return "current \"" + net.currents().get(0).name() + "\": current inputs";
        }
        if (!net.couplings().isEmpty()) {
            return "coupling \"" + net.couplings().get(0).name() + "\": diffusive couplings";
        }
        for (ProjectionSpec pr : net.projections().values()) {
            if (pr.plasticity() != null) {
                return "projection \"" + pr.name() + "\": plasticity";
            }
        }
        return null;
    }

    @Override
    public Simulation compile(Network network, SimulationOptions options) {
        String missing = unsupported(network);
        if (missing != null) {
            throw new UnsupportedOperationException("the opencl backend does not implement " + missing
                    + " yet: run it with --backend java (or auto)");
        }
        OpenClDevice.Probe p = OpenClDevice.probe();
        if (p.chosen() == null) {
            throw new UnsupportedOperationException("OpenCL is not available: " + p.reason());
        }
        return new OpenClSimulation(network, p.chosen());
    }
}
