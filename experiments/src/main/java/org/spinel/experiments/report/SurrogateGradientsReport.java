package org.spinel.experiments.report;

import static org.spinel.experiments.report.NumberFormats.fixed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/reproductions/surrogate-gradients.md}: the epochs of the feed-forward and recurrent SpyTorch networks and
 * of the PyTorch reference, the surrogate sweep's summary, the tangent-kernel sweep's summary and the speed benchmark,
 * all under {@code surrogate-gradients/}.
 */
public final class SurrogateGradientsReport implements Report {
    private static final String DIR = "surrogate-gradients/";
    private static final int[] EPOCHS = {1, 2, 3, 5, 8, 30};
    /** Shape → its parameter at the effective widths 2 / 0.2 / 0.02 / 0.002 (w = ∫σ'/σ'(0), the sweep's axis). */
    private static final Map<String, String> SHAPES = new LinkedHashMap<>();
    private static final String[] WIDTHS = {"2.0", "0.2", "0.02", "0.002"};

    static {
        SHAPES.put("fast-sigmoid", "slope 1 / 10 / 100 / 1000");
        SHAPES.put("sigmoid", "slope 2 / 20 / 200 / 2000");
        SHAPES.put("arctan", "α 1 / 10 / 100 / 1000");
        SHAPES.put("triangle", "width 2 / 0.2 / 0.02 / 0.002");
        SHAPES.put("exponential", "slope 1 / 10 / 100 / 1000");
        SHAPES.put("straight-through", "clip 1 / 0.1 / 0.01 / 0.001");
    }

    @Override
    public String name() {
        return "surrogate-gradients";
    }

    @Override
    public String document() {
        return "docs/reproductions/surrogate-gradients.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        epochs(c, files);
        sweep(c, files);
        tangentKernel(c, files);
        speed(c, files);
        return c;
    }

    private static void epochs(ReportContent c, RunFiles files) {
        ScanRows ff = new ScanRows(files.csv(DIR + "ff-epochs.csv")), rec = new ScanRows(files.csv(DIR
                + "recurrent-epochs.csv"));
        List<JsonNode> pt = files.jsonl(DIR + "pytorch-reference-30-epochs.jsonl");
        MarkdownTable t = new MarkdownTable("epoch", "Spinel feed-forward", "Spinel recurrent",
                "PyTorch reference, this machine (seed 1, 1 thread)");
        double gapMin = Double.POSITIVE_INFINITY, gapMax = Double.NEGATIVE_INFINITY;
        int recAhead = 0;
        for (int e : EPOCHS) {
            double a = acc(ff, e), r = acc(rec, e), p = ptAcc(pt, e);
            t.row(Integer.toString(e), fixed(a, 4), fixed(r, 4), fixed(p, 4));
            if (r > a) {
                recAhead++;
            }
            if (e <= 8) {
                gapMin = Math.min(gapMin, 100 * (p - a));
                gapMax = Math.max(gapMax, 100 * (p - a));
            }
        }
        c.table("epochs", t);
        c.value("sg.gap_min", fixed(gapMin, 1));
        c.value("sg.gap_max", fixed(gapMax, 1));
        c.value("sg.gap_8", fixed(100 * (ptAcc(pt, 8) - acc(ff, 8)), 1));
        c.value("sg.rec_ahead", recAhead + " of the " + EPOCHS.length);
        double[] ts = ff.column("train_s");
        c.value("sg.ff_epoch_s", fixed(Stats.mean(ts), 2));
        c.value("sg.ff_train_s", fixed(Stats.mean(ts) * ts.length, 1));
        c.value("sg.rerun_slowdown", fixed(files.json(DIR + "ff-metrics.json").path("seconds_per_epoch").asDouble()
                / Stats.mean(ts), 1));
        c.value("sg.rec_epoch_s", fixed(Stats.mean(rec.column("train_s")), 1));
        double[] ptS = new double[pt.size()];
        for (int i = 0; i < ptS.length; i++) {
            ptS[i] = pt.get(i).path("epoch_s").asDouble();
        }
        c.value("sg.pt_epoch_median", fixed(Stats.median(ptS), 0));
        double readout = files.json(DIR + "ff-metrics.json").path("engine_check").path("max_readout_difference")
                .asDouble(Double.NaN);
        c.value("sg.readout", readout == 0 ? "equal to the last bit" : "differing by at most "
                + NumberFormats.scientific(readout, 1));
        c.value("sg.state_kb", fixed(files.json(DIR + "ff-metrics.json").path("state_bytes_per_sample").asDouble()
                / 1000, 0));
    }

    private static double acc(ScanRows rows, int epoch) {
        ScanRows r = rows.where("epoch", Integer.toString(epoch));
        if (r.size() != 1) {
            throw new ReportException("no epoch " + epoch + " in an epochs table");
        }
        return r.number(r.row(0), "test_accuracy");
    }

    private static double ptAcc(List<JsonNode> pt, int epoch) {
        for (JsonNode l : pt) {
            if (l.path("epoch").asInt() == epoch) {
                return l.path("test_acc").asDouble();
            }
        }
        throw new ReportException(DIR + "pytorch-reference-30-epochs.jsonl: no epoch " + epoch);
    }

    private static void sweep(ReportContent c, RunFiles files) {
        ScanRows s = new ScanRows(files.csv(DIR + "surrogate-sweep.csv"));
        MarkdownTable t = new MarkdownTable("shape (its parameter at w = 2 / 0.2 / 0.02 / 0.002)", "w = 2", "w = 0.2",
                "w = 0.02", "w = 0.002");
        Map<String, double[]> mean = new LinkedHashMap<>(), sd = new LinkedHashMap<>();
        for (var shape : SHAPES.entrySet()) {
            double[] m = new double[WIDTHS.length], d = new double[WIDTHS.length];
            String[] cells = new String[WIDTHS.length + 1];
            cells[0] = shape.getKey() + " (" + shape.getValue() + ")";
            for (int w = 0; w < WIDTHS.length; w++) {
                Map<String, String> row = cell(s, shape.getKey(), WIDTHS[w]);
                m[w] = 100 * s.number(row, "final_test_accuracy_mean");
                d[w] = 100 * s.number(row, "final_test_accuracy_sd");
                cells[w + 1] = fixed(m[w], 2) + " ± " + fixed(d[w], 2);
            }
            mean.put(shape.getKey(), m);
            sd.put(shape.getKey(), d);
            t.row(cells);
        }
        Map<String, String> ste = cell(s, "straight-through", "Infinity");
        double steMean = 100 * s.number(ste, "final_test_accuracy_mean");
        t.row("straight-through, no clip (w = ∞)", fixed(steMean, 2) + " ± " + fixed(100 * s.number(ste,
                "final_test_accuracy_sd"), 2), "", "", "");
        c.table("surrogate-sweep", t);
        c.value("sweep.runs", Integer.toString((int) Math.round(Stats.mean(s.column("n")) * s.size())));
        for (int w = 0; w < 2; w++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] m : mean.values()) {
                lo = Math.min(lo, m[w]);
                hi = Math.max(hi, m[w]);
            }
            String key = w == 0 ? "w2" : "w02";
            c.value("sweep." + key + "_lo", fixed(lo, 1));
            c.value("sweep." + key + "_hi", fixed(hi, 1));
            c.value("sweep." + key + "_spread", fixed(hi - lo, 1));
        }
        double dropLo = Double.POSITIVE_INFINITY, dropHi = 0, sdMax = 0, best = 0;
        int bestAt02 = 0, steBelow = 0, cellsAbove = 0;
        for (var e : mean.entrySet()) {
            double[] m = e.getValue();
            dropLo = Math.min(dropLo, m[1] - m[3]);
            dropHi = Math.max(dropHi, m[1] - m[3]);
            sdMax = Math.max(sdMax, sd.get(e.getKey())[3]);
            int arg = 0;
            for (int w = 0; w < m.length; w++) {
                arg = m[w] > m[arg] ? w : arg;
                best = Math.max(best, m[w]);
                if (w <= 2) {
                    cellsAbove++;
                    if (steMean < m[w]) {
                        steBelow++;
                    }
                }
            }
            if (arg == 1) {
                bestAt02++;
            }
        }
        c.value("sweep.drop_lo", fixed(dropLo, 0));
        c.value("sweep.drop_hi", fixed(dropHi, 0));
        c.value("sweep.sd_max", fixed(sdMax, 0));
        c.value("sweep.best_at_02", bestAt02 + " of the " + mean.size());
        double[] fs = mean.get("fast-sigmoid");
        c.value("sweep.fs_behind", fixed(fs[1] - fs[2], 1));
        c.value("sweep.fs_002", fixed(fs[2], 1));
        double[] st = mean.get("straight-through");
        c.value("sweep.clip_w2", fixed(st[0], 1));
        c.value("sweep.clip_w02", fixed(st[1], 1));
        c.value("sweep.ste", fixed(steMean, 1) + " ± " + fixed(100 * s.number(ste, "final_test_accuracy_sd"), 1));
        c.value("sweep.ste_gap", fixed(best - steMean, 1));
        c.value("sweep.ste_below", steBelow + " of the " + cellsAbove);
    }

    private static Map<String, String> cell(ScanRows s, String shape, String width) {
        ScanRows r = s.where(x -> shape.equals(x.get("surrogate_fn")) && Double.parseDouble(x.get(
                "surrogate_effective_width")) == Double.parseDouble(width));
        if (r.size() != 1) {
            throw new ReportException(DIR + "surrogate-sweep.csv: no row " + shape + " at w = " + width);
        }
        return r.row(0);
    }

    private static void tangentKernel(ReportContent c, RunFiles files) {
        ScanRows s = new ScanRows(files.csv(DIR + "tangent-kernel-summary.csv"));
        MarkdownTable t = new MarkdownTable("fast sigmoid slope (width w)", "test accuracy after 5 epochs", "tr K₀",
                "tr K₁", "‖K₁ − K₀‖_F / ‖K₀‖_F", "alignment ⟨K₀,K₁⟩/(‖K₀‖‖K₁‖)");
        for (int i = 0; i < s.size(); i++) {
            Map<String, String> r = s.row(i);
            t.row(fixed(s.number(r, "surrogate_parameter"), 0) + " (w = " + s.text(r, "surrogate_effective_width") + ")",
                    fixed(100 * s.number(r, "final_test_accuracy"), 1) + " %",
                    NumberFormats.scientific(s.number(r, "tangent_kernel_trace_initial"), 2),
                    NumberFormats.scientific(s.number(r, "tangent_kernel_trace_final"), 2),
                    fixed(s.number(r, "tangent_kernel_relative_change"), 2),
                    fixed(s.number(r, "tangent_kernel_alignment"), 2));
        }
        c.table("tangent-kernel", t);
        Map<String, String> wide = slope(s, 10), narrow = slope(s, 100);
        c.value("ntk.start_ratio", fixed(s.number(wide, "tangent_kernel_trace_initial")
                / s.number(narrow, "tangent_kernel_trace_initial"), 0));
        c.value("ntk.narrow_growth", fixed(s.number(narrow, "tangent_kernel_trace_final")
                / s.number(narrow, "tangent_kernel_trace_initial"), 2));
        ScanRows index = new ScanRows(files.csv(DIR + "tangent-kernel-index.csv"));
        c.value("ntk.wall_s", fixed(Stats.mean(index.column("wall_s")) * index.size(), 0));
    }

    private static Map<String, String> slope(ScanRows s, double slope) {
        ScanRows r = s.where(x -> Double.parseDouble(x.get("surrogate_parameter")) == slope);
        if (r.size() != 1) {
            throw new ReportException(DIR + "tangent-kernel-summary.csv: no row with slope " + slope);
        }
        return r.row(0);
    }

    private static void speed(ReportContent c, RunFiles files) {
        List<JsonNode> lines = files.jsonl(DIR + "sg-vs-pytorch.jsonl");
        StringBuilder spinel = new StringBuilder(), pytorch = new StringBuilder();
        JsonNode summary = null;
        String spinelAcc = "", ptAcc = "";
        for (JsonNode l : lines) {
            String bench = l.path("bench").asText();
            if (bench.equals("spinel-sg-fmnist")) {
                spinel.append(spinel.length() == 0 ? "" : ", ").append(fixed(l.path("epoch_s").asDouble(), 2));
                spinelAcc = fixed(l.path("test_acc").asDouble(), 4);
            } else if (bench.equals("spytorch-fmnist")) {
                pytorch.append(pytorch.length() == 0 ? "" : ", ").append(fixed(l.path("epoch_s").asDouble(), 1));
                ptAcc = fixed(l.path("test_acc").asDouble(), 4);
            } else if (bench.equals("sg-fmnist-summary")) {
                summary = l;
            }
        }
        if (summary == null) {
            throw new ReportException(DIR + "sg-vs-pytorch.jsonl: no summary line (bench sg-fmnist-summary)");
        }
        MarkdownTable t = new MarkdownTable("", "seconds per training epoch (60 000 samples, batch 256)",
                "test accuracy after " + summary.path("epochs").asInt() + " epochs");
        t.row("Spinel `train`", spinel + " (median " + fixed(summary.path("spinel_epoch_s").asDouble(), 2) + ")",
                spinelAcc);
        t.row("PyTorch " + lines.stream().filter(l -> l.has("torch")).findFirst().map(l -> l.path("torch").asText())
                .orElse("?") + " reference script", pytorch + " (median " + fixed(summary.path("pytorch_epoch_s")
                        .asDouble(), 1) + ")", ptAcc);
        t.row("ratio", "**" + fixed(summary.path("pytorch_epoch_s").asDouble() / summary.path("spinel_epoch_s")
                .asDouble(), 1) + "× faster** (bar: 5×)", "");
        c.table("speed", t);
    }
}
