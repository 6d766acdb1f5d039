package org.spinel.results.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of parameter scans, from plain arrays (usable on any data): bifurcation diagrams, measure curves against a
 * parameter, and heat maps (2-D regime maps, Lyapunov maps, basins of attraction).
 */
public final class ScanPlots {
    private static final int W = 1000, H = 600;

    private ScanPlots() {
    }

    /**
     * Bifurcation diagram: for each row r, the values {@code samples[r]} at abscissa {@code param[r]}, one series per
     * group (e.g. per initial condition), as dots.
     *
     * @param group series index of each row (null = one series)
     */
    public static void bifurcation(Path file, String title, String paramLabel, String valueLabel, double[] param,
            double[][] samples, int[] group) throws IOException {
        XYChart c = chart(title, paramLabel, valueLabel, W, H);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(2);
        c.getStyler().setLegendVisible(group != null);
        int groups = 1;
        if (group != null) {
            for (int g : group) {
                groups = Math.max(groups, g + 1);
            }
        }
        for (int g = 0; g < groups; g++) {
            int count = 0;
            for (int r = 0; r < param.length; r++) {
                if (group == null || group[r] == g) {
                    count += samples[r].length;
                }
            }
            if (count == 0) {
                continue;
            }
            double[] xs = new double[count], ys = new double[count];
            int k = 0;
            for (int r = 0; r < param.length; r++) {
                if (group == null || group[r] == g) {
                    for (double v : samples[r]) {
                        xs[k] = param[r];
                        ys[k++] = v;
                    }
                }
            }
            c.addSeries(group == null ? valueLabel : "initial condition " + g, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Curves {@code series} (name → values, NaN = gap) against {@code x}, lines with small markers. */
    public static void curves(Path file, String title, String xLabel, String yLabel, double[] x,
            Map<String, double[]> series) throws IOException {
        XYChart c = chart(title, xLabel, yLabel, W, H / 2 + 150);
        c.getStyler().setMarkerSize(3);
        for (var e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(e.getValue()[i])) {
                    xs.add(x[i]);
                    ys.add(e.getValue()[i]);
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(e.getKey(), xs, ys);
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Histograms as curves on a logarithmic y axis: {@code series} maps a name to the fraction of its items in each bin
     * (bins centred at {@code centre}); empty bins are left out (points, not lines, so nothing is drawn across them). Made for distributions that differ by
     * orders of magnitude between bins (e.g. synaptic weights piled up at their bounds).
     */
    public static void histograms(Path file, String title, String xLabel, double[] centre, Map<String, double[]> series)
            throws IOException {
        XYChart c = chart(title, xLabel, "fraction (log scale)", W, H / 2 + 150);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter); // no lines across empty bins
        c.getStyler().setMarkerSize(6);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setXAxisDecimalPattern("0.0#");
        for (var e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < centre.length; i++) {
                if (e.getValue()[i] > 0) {
                    xs.add(centre[i]);
                    ys.add(e.getValue()[i]);
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(e.getKey(), xs, ys);
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Curves with error bars: {@code series} maps a name to {x[], mean[], sd[]} (points with non-finite values, or
     * x ≤ 0 on a log axis, are left out).
     */
    public static void errorCurves(Path file, String title, String xLabel, String yLabel, boolean logX,
            Map<String, double[][]> series) throws IOException {
        XYChart c = chart(title, xLabel, yLabel, W, H / 2 + 200);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setXAxisLogarithmic(logX);
        for (var e : series.entrySet()) {
            double[][] v = e.getValue();
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
            for (int i = 0; i < v[0].length; i++) {
                if (Double.isFinite(v[0][i]) && Double.isFinite(v[1][i]) && (!logX || v[0][i] > 0)) {
                    xs.add(v[0][i]);
                    ys.add(v[1][i]);
                    es.add(Double.isFinite(v[2][i]) ? v[2][i] : 0);
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(e.getKey(), xs, ys, es);
            }
        }
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Heat map of {@code z[ix][iy]} over the grid {@code xs × ys}; NaN cells are left blank.
     *
     * @param title for categorical maps, name the codes in the title (e.g. "0 fixed point, 1 periodic, ...")
     */
    public static void heatMap(Path file, String title, String xLabel, double[] xs, String yLabel, double[] ys,
            double[][] z) throws IOException {
        HeatMapChart c = new HeatMapChartBuilder().width(W).height(H + 100).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotContentSize(1);
        c.getStyler().setShowValue(false);
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                if (Double.isFinite(z[i][j])) {
                    cells.add(new Number[] {i, j, z[i][j]});
                    min = Math.min(min, z[i][j]);
                    max = Math.max(max, z[i][j]);
                }
            }
        }
        if (cells.isEmpty()) {
            cells.add(new Number[] {0, 0, 0});
            min = 0;
            max = 1;
        }
        c.getStyler().setMin(min);
        c.getStyler().setMax(max > min ? max : min + 1);
        c.addSeries(title, labels(xs), labels(ys), cells);
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<String> labels(double[] v) {
        List<String> out = new ArrayList<>(v.length);
        int every = Math.max(1, v.length / 10);
        for (int i = 0; i < v.length; i++) {
            // Category labels must differ: unshown ones are distinct runs of zero-width spaces.
            out.add(i % every == 0 ? String.format("%.4g", v[i]) : "\u200B".repeat(i + 1));
        }
        return out;
    }

    private static XYChart chart(String title, String x, String y, int w, int h) {
        XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }
}
