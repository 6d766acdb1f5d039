package org.spinel.results.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.spinel.results.PopulationRate;
import org.spinel.results.Recording;
import org.spinel.results.SpikeTrains;
import org.spinel.results.StateTrace;

/**
 * PNG plots of a {@link Recording} with XChart (headless): spike raster (populations stacked), population rates,
 * state traces. Rasters draw at most {@link #MAX_RASTER_POINTS} spikes (every k-th spike beyond that, noted in the
 * title) so that huge runs stay quick to plot.
 */
public final class Plots {
    /** Raster points drawn at most. */
    public static final int MAX_RASTER_POINTS = 200_000;
    private static final int W = 1000, H = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /** Writes every plot the recording supports into {@code dir}; returns the file names. */
    public static List<String> writeAll(Recording rec, Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        if (!rec.spikes().isEmpty()) {
            raster(rec, dir.resolve("raster.png"));
            files.add("raster.png");
        }
        if (!rec.rates().isEmpty()) {
            rates(rec, dir.resolve("rates.png"));
            files.add("rates.png");
        }
        for (StateTrace t : rec.traces().values()) {
            String name = "trace_" + t.population() + "_" + t.variable() + ".png";
            trace(t, dir.resolve(name));
            files.add(name);
        }
        return files;
    }

    /** Spike raster: time (ms) vs neuron, populations stacked bottom-up in recording order. */
    public static void raster(Recording rec, Path file) throws IOException {
        long total = rec.spikes().values().stream().mapToLong(SpikeTrains::count).sum();
        int every = (int) Math.max(1, (total + MAX_RASTER_POINTS - 1) / MAX_RASTER_POINTS);
        XYChart c = new XYChartBuilder().width(W).height(H).title("Spike raster" + (every > 1 ? " (every " + every
                + "th spike)" : "")).xAxisTitle("time (ms)").yAxisTitle("neuron").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(2);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        int offset = 0;
        for (SpikeTrains s : rec.spikes().values()) {
            int n = (s.count() + every - 1) / every;
            double[] x = new double[Math.max(n, 1)], y = new double[Math.max(n, 1)];
            int k = 0;
            for (int i = 0; i < s.count(); i += every) {
                x[k] = s.step(i) * s.dt();
                y[k++] = offset + s.sender(i);
            }
            if (k == 0) {
                x[0] = Double.NaN;
                y[0] = Double.NaN;
            }
            XYSeries ser = c.addSeries(s.population() + " (" + s.count() + " spikes)", x, y);
            ser.setMarker(SeriesMarkers.CIRCLE);
            offset += s.size();
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Population rates (Hz) per bin. */
    public static void rates(Recording rec, Path file) throws IOException {
        XYChart c = new XYChartBuilder().width(W).height(H / 2 + 100).title("Population rates").xAxisTitle("time (ms)")
                .yAxisTitle("rate (Hz)").build();
        c.getStyler().setMarkerSize(0);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        for (PopulationRate r : rec.rates().values()) {
            double[] t = new double[r.length()];
            for (int k = 0; k < t.length; k++) {
                t[k] = r.time(k);
            }
            if (t.length > 0) {
                c.addSeries(r.population() + String.format(" (mean %.2f Hz)", r.meanRateHz()), t, r.ratesHz())
                        .setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** State traces of up to 10 recorded neurons. */
    public static void trace(StateTrace t, Path file) throws IOException {
        XYChart c = new XYChartBuilder().width(W).height(H / 2 + 100).title(t.population() + "." + t.variable())
                .xAxisTitle("time (ms)").yAxisTitle(t.variable() + (t.unit().isEmpty() ? "" : " (" + t.unit() + ")")).build();
        c.getStyler().setMarkerSize(0);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        int[] neurons = t.neurons();
        double[] times = t.times();
        for (int j = 0; j < Math.min(10, neurons.length); j++) {
            if (times.length > 0) {
                c.addSeries("neuron " + neurons[j], times, t.series(j)).setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
