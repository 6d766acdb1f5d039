package org.spinel.results.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Plots of training runs from plain arrays: learning curves (accuracy or loss per epoch), a confusion matrix and a
 * histogram of counts. Each is written as {@code <base>.png} and {@code <base>.svg}; the methods return the file
 * names written.
 */
public final class LearningPlots {
    private static final int W = 900, H = 560;

    private LearningPlots() {
    }

    /**
     * Curves {@code series} (name → one value per epoch; NaN entries are left out) against {@code epochs}.
     *
     * @param base the file path without extension
     */
    public static List<String> curves(Path base, String title, String yLabel, double[] epochs,
            Map<String, double[]> series) throws IOException {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle("epoch").yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(5);
        int added = 0;
        for (var e : series.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < epochs.length; i++) {
                if (Double.isFinite(e.getValue()[i])) {
                    xs.add(epochs[i]);
                    ys.add(e.getValue()[i]);
                }
            }
            if (!xs.isEmpty()) {
                c.addSeries(e.getKey(), xs, ys);
                added++;
            }
        }
        if (added == 0) {
            c.addSeries("(no data)", new double[] {0}, new double[] {0});
        }
        return save(c, base);
    }

    /**
     * The confusion matrix {@code counts[true][predicted]} as a heat map with the counts in the cells.
     *
     * @param classNames labels of the classes (null: their indices)
     */
    public static List<String> confusion(Path base, String title, long[][] counts, List<String> classNames)
            throws IOException {
        int k = counts.length;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(classNames != null && i < classNames.size() ? classNames.get(i) : Integer.toString(i));
        }
        HeatMapChart c = new HeatMapChartBuilder().width(W).height(W - 100).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotContentSize(1);
        c.getStyler().setShowValue(true);
        List<Number[]> cells = new ArrayList<>();
        long max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                // x = predicted, y = true, with the first class at the top
                cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
                max = Math.max(max, counts[t][p]);
            }
        }
        List<String> yNames = new ArrayList<>(names);
        java.util.Collections.reverse(yNames);
        c.getStyler().setMin(0);
        c.getStyler().setMax(max);
        c.addSeries("count", names, yNames, cells);
        return save(c, base);
    }

    /**
     * A bar chart of {@code counts[b]} over the bins labelled {@code labels[b]} (e.g. a spike-count histogram).
     */
    public static List<String> histogram(Path base, String title, String xLabel, String yLabel, List<String> labels,
            long[] counts) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.95);
        c.getStyler().setXAxisLabelRotation(labels.size() > 20 ? 90 : 0);
        List<Long> ys = new ArrayList<>();
        for (long v : counts) {
            ys.add(v);
        }
        c.addSeries(yLabel, labels.isEmpty() ? List.of("0") : labels, ys.isEmpty() ? List.of(0L) : ys);
        return save(c, base);
    }

    private static List<String> save(Chart<?, ?> c, Path base) throws IOException {
        String png = base.getFileName() + ".png", svg = base.getFileName() + ".svg";
        BitmapEncoder.saveBitmap(c, base.toString() + ".png", BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(c, base.toString() + ".svg",
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(png, svg);
    }
}
