package org.spinel.networks.engine;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.PoissonSource;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SourceSpec;
import org.spinel.networks.SpikeArraySource;

/**
 * The spikes of one input source, step by step, the same on every backend. A Poisson source of rate r emits each
 * (step, neuron) event independently with probability p = r·dt; the generator skips geometrically over the
 * flattened index {@code step·size + neuron} with stream {@code source/<name>}, so the cost is proportional to the
 * number of spikes. A spike array emits its spikes at {@code round(t/dt)}, sorted by neuron, duplicates in a step
 * merged.
 */
public final class SourceGenerator {
    private final SourceSpec spec;
    private final int size;
    private final long seed;
    private UniformRandomProvider rng;
    private double p;
    private double logQ;
    private long nextEvent;
    private long[] arrSteps;
    private int[] arrNeurons;
    private int cursor;

    /** @param seed the network's root seed */
    public SourceGenerator(SourceSpec spec, double dt, long seed) {
        this.spec = spec;
        this.size = spec.size();
        this.seed = seed;
        if (spec instanceof PoissonSource ps) {
            p = ps.rateHz() * dt / 1000.0;
            logQ = Math.log1p(-p);
        } else if (spec instanceof SpikeArraySource sa) {
            int m = sa.neurons().length;
            Integer[] order = new Integer[m];
            long[] st = new long[m];
            for (int k = 0; k < m; k++) {
                order[k] = k;
                st[k] = Math.round(sa.timesMs()[k] / dt);
            }
            Arrays.sort(order, (a, b) -> st[a] != st[b] ? Long.compare(st[a], st[b])
                    : Integer.compare(sa.neurons()[a], sa.neurons()[b]));
            arrSteps = new long[m];
            arrNeurons = new int[m];
            for (int k = 0; k < m; k++) {
                arrSteps[k] = st[order[k]];
                arrNeurons[k] = sa.neurons()[order[k]];
            }
        }
        reset();
    }

    /** Number of neurons. */
    public int size() {
        return size;
    }

    /** Restarts from step 0 (the same spikes again). */
    public void reset() {
        cursor = 0;
        if (spec instanceof PoissonSource) {
            rng = new RandomStreams(seed).stream("source/" + spec.name());
            nextEvent = skip(-1);
        }
    }

    private long skip(long from) {
        if (p <= 0) {
            return Long.MAX_VALUE;
        }
        if (p >= 1) {
            return from + 1;
        }
        double u = rng.nextDouble();
        return from + 1 + (long) Math.floor(Math.log1p(-u) / logQ);
    }

    /**
     * Writes the spiking neurons of step {@code n} (ascending) into {@code out} (length &ge; size) and returns how
     * many; steps must be asked for in increasing order.
     */
    public int generate(long n, int[] out) {
        int c = 0;
        if (arrSteps != null) {
            while (cursor < arrSteps.length && arrSteps[cursor] < n) {
                cursor++;
            }
            int last = -1;
            while (cursor < arrSteps.length && arrSteps[cursor] == n) {
                int s = arrNeurons[cursor++];
                if (s != last) {
                    out[c++] = s;
                    last = s;
                }
            }
        } else if (rng != null) {
            long end = (n + 1) * (long) size, base = n * (long) size;
            while (nextEvent < end) {
                out[c++] = (int) (nextEvent - base);
                nextEvent = skip(nextEvent);
            }
        }
        return c;
    }
}
