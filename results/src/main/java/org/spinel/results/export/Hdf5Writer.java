package org.spinel.results.export;

import java.nio.file.Path;

import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

/**
 * Writes a {@link Recording} to one HDF5 file with jhdf, in a Neo/NWB-like layout that h5py reads directly:
 * <pre>
 *   /spikes/&lt;population&gt;/times     float64 [spikes], attribute units = "ms"
 *   /spikes/&lt;population&gt;/senders   int32   [spikes]
 *   /traces/&lt;population&gt;/&lt;variable&gt;        float64 [samples, neurons], attribute units
 *   /traces/&lt;population&gt;/&lt;variable&gt;_times  float64 [samples], units = "ms"
 *   /traces/&lt;population&gt;/&lt;variable&gt;_neurons int32 [neurons]
 *   /rates/&lt;population&gt;/rate         float64 [bins], units = "Hz"
 *   /rates/&lt;population&gt;/times        float64 [bins], units = "ms" (bin starts)
 * </pre>
 * Spike groups carry attributes {@code dt} (ms), {@code size} (neurons) and {@code count} (spikes). jhdf cannot
 * write zero-length datasets, so an empty spike train, trace or rate keeps its group (with {@code count} or
 * {@code samples} = 0) but has no datasets; the NPY and CSV exports still hold the empty arrays.
 */
public final class Hdf5Writer {
    private Hdf5Writer() {
    }

    /** Writes {@code rec} to {@code file} (created or replaced). */
    public static void write(Path file, Recording rec) {
        try (WritableHdfFile h = HdfFile.write(file)) {
            if (!rec.spikes().isEmpty()) {
                WritableGroup g = h.putGroup("spikes");
                for (SpikeTrains s : rec.spikes().values()) {
                    WritableGroup p = g.putGroup(s.population());
                    p.putAttribute("dt", s.dt());
                    p.putAttribute("size", s.size());
                    p.putAttribute("count", (long) s.count());
                    if (s.count() > 0) {
                        WritableDataset t = p.putDataset("times", s.times());
                        t.putAttribute("units", "ms");
                        p.putDataset("senders", s.senders());
                    }
                }
            }
            if (!rec.traces().isEmpty()) {
                WritableGroup g = h.putGroup("traces");
                java.util.Map<String, WritableGroup> groups = new java.util.HashMap<>();
                for (StateTrace t : rec.traces().values()) {
                    WritableGroup p = groups.computeIfAbsent(t.population(), g::putGroup);
                    p.putAttribute(t.variable() + "_samples", (long) t.length());
                    if (t.length() == 0 || t.neurons().length == 0) {
                        continue;
                    }
                    WritableDataset d = p.putDataset(t.variable(), t.matrix());
                    d.putAttribute("units", t.unit());
                    p.putDataset(t.variable() + "_times", t.times()).putAttribute("units", "ms");
                    p.putDataset(t.variable() + "_neurons", t.neurons());
                }
            }
            if (!rec.rates().isEmpty()) {
                WritableGroup g = h.putGroup("rates");
                for (PopulationRate r : rec.rates().values()) {
                    WritableGroup p = g.putGroup(r.population());
                    p.putAttribute("bin_ms", r.binMs());
                    p.putAttribute("bins", (long) r.length());
                    if (r.length() == 0) {
                        continue;
                    }
                    p.putDataset("rate", r.ratesHz()).putAttribute("units", "Hz");
                    double[] times = new double[r.length()];
                    for (int k = 0; k < times.length; k++) {
                        times[k] = r.time(k);
                    }
                    p.putDataset("times", times).putAttribute("units", "ms");
                }
            }
        }
    }
}
