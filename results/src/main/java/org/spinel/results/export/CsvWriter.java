package org.spinel.results.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.spinel.results.PopulationRate;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * CSV exports with a header line; numbers use {@link Double#toString} (shortest round-trip form), so identical data
 * give byte-identical files.
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** {@code time_ms,sender}, one row per spike. */
    public static void spikes(Path file, SpikeTrains s) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_ms,sender\n");
            for (int k = 0; k < s.count(); k++) {
                w.write(Double.toString(s.step(k) * s.dt()));
                w.write(',');
                w.write(Integer.toString(s.sender(k)));
                w.write('\n');
            }
        }
    }

    /** {@code time_ms,n<i>...}, one row per sample, one column per recorded neuron. */
    public static void trace(Path file, StateTrace t) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_ms");
            for (int n : t.neurons()) {
                w.write(",n" + n);
            }
            w.write('\n');
            int cols = t.neurons().length;
            for (int r = 0; r < t.length(); r++) {
                w.write(Double.toString(t.time(r)));
                for (int j = 0; j < cols; j++) {
                    w.write(',');
                    w.write(Double.toString(t.value(r, j)));
                }
                w.write('\n');
            }
        }
    }

    /** {@code time_ms,rate_hz}, one row per bin (time = bin start). */
    public static void rate(Path file, PopulationRate r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_ms,rate_hz\n");
            for (int k = 0; k < r.length(); k++) {
                w.write(Double.toString(r.time(k)));
                w.write(',');
                w.write(Double.toString(r.rateHz(k)));
                w.write('\n');
            }
        }
    }
}
