package org.spinel.networks.engine;

import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.PopulationSpec;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.topology.ValueDistribution;
import org.spinel.neurons.NeuronState;
import org.spinel.neurons.ParameterException;

/**
 * The initial state of a population, the same for every backend: the model's defaults, then each {@code init}
 * distribution sampled for neurons 0..N−1 in order from the stream {@code population/<name>/init}.
 */
public final class InitialState {
    private InitialState() {
    }

    /** A fresh, initialised state of {@code spec}. */
    public static NeuronState of(PopulationSpec spec, RandomStreams streams) {
        NeuronState state = new NeuronState(spec.model(), spec.size());
        spec.model().initialise(state);
        UniformRandomProvider rng = streams.stream("population/" + spec.name() + "/init");
        List<String> vars = spec.model().stateVariables();
        for (int v = 0; v < vars.size(); v++) {
            ValueDistribution d = spec.init().get(vars.get(v));
            if (d != null) {
                double[] a = state.vars[v];
                for (int i = 0; i < a.length; i++) {
                    a[i] = d.sample(i, i, rng);
                    if (!Double.isFinite(a[i])) {
                        throw new ParameterException("population \"" + spec.name() + "\".init." + vars.get(v) + " for neuron "
                                + i + " = " + a[i] + ": expected a finite number");
                    }
                }
            }
        }
        return state;
    }
}
