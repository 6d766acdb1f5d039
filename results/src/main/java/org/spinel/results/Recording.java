package org.spinel.results;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the monitors of one run recorded, by name: spike trains by population, state traces by
 * {@code "population.variable"}, population rates by population. Immutable snapshot.
 */
public final class Recording {
    private final Map<String, SpikeTrains> spikes;
    private final Map<String, StateTrace> traces;
    private final Map<String, PopulationRate> rates;

    /** Builds a snapshot from the given maps (copied, insertion order kept). */
    public Recording(Map<String, SpikeTrains> spikes, Map<String, StateTrace> traces, Map<String, PopulationRate> rates) {
        this.spikes = Collections.unmodifiableMap(new LinkedHashMap<>(spikes));
        this.traces = Collections.unmodifiableMap(new LinkedHashMap<>(traces));
        this.rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
    }

    /** Spike trains by population name. */
    public Map<String, SpikeTrains> spikes() {
        return spikes;
    }

    /** Spike trains of one population, or an exception listing the recorded ones. */
    public SpikeTrains spikes(String population) {
        return get(spikes, population, "spike monitor");
    }

    /** Traces keyed {@code "population.variable"}. */
    public Map<String, StateTrace> traces() {
        return traces;
    }

    /** Trace of one population variable. */
    public StateTrace trace(String population, String variable) {
        return get(traces, population + "." + variable, "state monitor");
    }

    /** Population rates by population name. */
    public Map<String, PopulationRate> rates() {
        return rates;
    }

    /** Rate of one population. */
    public PopulationRate rate(String population) {
        return get(rates, population, "rate monitor");
    }

    private static <T> T get(Map<String, T> m, String key, String what) {
        T v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + what + " recorded \"" + key + "\": recorded are " + m.keySet());
        }
        return v;
    }
}
