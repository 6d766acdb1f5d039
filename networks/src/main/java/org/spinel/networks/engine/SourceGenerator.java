package org.spinel.networks.engine;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.spinel.networks.ExternalSource;
import org.spinel.networks.PoissonSource;
import org.spinel.networks.RandomStreams;
import org.spinel.networks.SourceSpec;
import org.spinel.networks.SpikeArraySource;

/**
 * The spikes of one input source, step by step, the same on every backend. A Poisson source of rate r emits each
 * (step, neuron) event independently with probability p = r·dt; the generator skips geometrically over the
 * flattened index {@code step·size + neuron} with stream {@code source/<name>}, so the cost is proportional to the
 * number of spikes. A spike array emits its spikes at {@code round(t/dt)}, sorted by neuron, duplicates in a step
 * merged. An external source emits what its {@link SpikeFeed} supplies ({@link #feed}), checked against the size and
 * order; {@link #reset()} removes the feed.
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
    private SpikeFeed feed;

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
        feed = null;
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
     * Sets the feed of an external source (null: silent).
     *
     * @throws org.spinel.neurons.ParameterException if this source is not an {@link ExternalSource}
     */
    public void feed(SpikeFeed f) {
        if (!(spec instanceof ExternalSource)) {
            throw new org.spinel.neurons.ParameterException("source \"" + spec.name() + "\" is not an external source: "
                    + "only sources of type external take a feed");
        }
        this.feed = f;
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
        } else if (feed != null) {
            c = feed.spikes(n, out);
            int last = -1;
            if (c < 0 || c > size) {
                throw new org.spinel.neurons.ParameterException("feed of source \"" + spec.name() + "\" returned " + c
                        + " spikes in step " + n + ": expected 0 to " + size);
            }
            for (int k = 0; k < c; k++) {
                if (out[k] <= last || out[k] >= size) {
                    throw new org.spinel.neurons.ParameterException("feed of source \"" + spec.name() + "\", step " + n
                            + ": spike " + k + " of neuron " + out[k] + ": expected increasing neuron indices in [0, "
                            + (size - 1) + "]");
                }
                last = out[k];
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
