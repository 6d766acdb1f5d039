package org.spinel.results.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * Writes a whole {@link Recording} into a directory in the chosen formats, with stable file names:
 * <ul>
 * <li>CSV: {@code spikes_<pop>.csv}, {@code trace_<pop>_<var>.csv}, {@code rate_<pop>.csv}</li>
 * <li>NPY: {@code spikes_<pop>_times.npy} (float64 ms), {@code spikes_<pop>_senders.npy} (int32),
 * {@code trace_<pop>_<var>.npy} (float64 [samples, neurons]), {@code trace_<pop>_<var>_times.npy},
 * {@code rate_<pop>.npy} (float64 Hz per bin)</li>
 * <li>HDF5: {@code results.h5} (layout in {@link Hdf5Writer})</li>
 * </ul>
 */
public final class ResultExporter {
    private ResultExporter() {
    }

    /** Writes the chosen formats; returns the files written (relative names). */
    public static List<String> write(Recording rec, Path dir, boolean csv, boolean npy, boolean hdf5) throws IOException {
        List<String> files = new ArrayList<>();
        for (SpikeTrains s : rec.spikes().values()) {
            String base = "spikes_" + s.population();
            if (csv) {
                CsvWriter.spikes(dir.resolve(base + ".csv"), s);
                files.add(base + ".csv");
            }
            if (npy) {
                NpyWriter.write(dir.resolve(base + "_times.npy"), s.times());
                NpyWriter.write(dir.resolve(base + "_senders.npy"), s.senders());
                files.add(base + "_times.npy");
                files.add(base + "_senders.npy");
            }
        }
        for (StateTrace t : rec.traces().values()) {
            String base = "trace_" + t.population() + "_" + t.variable();
            if (csv) {
                CsvWriter.trace(dir.resolve(base + ".csv"), t);
                files.add(base + ".csv");
            }
            if (npy) {
                NpyWriter.write(dir.resolve(base + ".npy"), t.matrix());
                NpyWriter.write(dir.resolve(base + "_times.npy"), t.times());
                files.add(base + ".npy");
                files.add(base + "_times.npy");
            }
        }
        for (PopulationRate r : rec.rates().values()) {
            String base = "rate_" + r.population();
            if (csv) {
                CsvWriter.rate(dir.resolve(base + ".csv"), r);
                files.add(base + ".csv");
            }
            if (npy) {
                NpyWriter.write(dir.resolve(base + ".npy"), r.ratesHz());
                files.add(base + ".npy");
            }
        }
        if (hdf5) {
            Hdf5Writer.write(dir.resolve("results.h5"), rec);
            files.add("results.h5");
        }
        return files;
    }
}
