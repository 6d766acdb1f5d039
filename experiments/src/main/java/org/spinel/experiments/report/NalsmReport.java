package org.spinel.experiments.report;

import static org.spinel.experiments.report.NumberFormats.fixed;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/reproductions/nalsm.md}: NALSM1000, NALSM8000 and LSM+STDP (each run's metrics, manifest and weight
 * table), the fixed-weight |w| sweep and the w_astro sweep (their summary and index tables), under {@code nalsm/}.
 * Most figures are read by the document's own markers; this class computes what combines several fields.
 */
public final class NalsmReport implements Report {
    private static final String DIR = "nalsm/";

    @Override
    public String name() {
        return "nalsm";
    }

    @Override
    public String document() {
        return "docs/reproductions/nalsm.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        for (String model : new String[] {"nalsm1000", "nalsm8000", "lsm-stdp1000"}) {
            ScanRows w = new ScanRows(files.csv(DIR + model + "-weights.csv"));
            if (!model.startsWith("lsm")) {
                c.value(model + ".input_synapses", NumberFormats.separated(Math.round(syn(w, "inE") + syn(w, "inI"))));
            }
            JsonNode m = files.json(DIR + model + "-metrics.json");
            if (Math.round(syn(w, "inE") + syn(w, "inI") + syn(w, "drive")) + m.path("liquid_synapses").asLong()
                    != m.path("synapses").asLong()) {
                throw new ReportException(DIR + model
                        + ": the weight table's synapses do not add up to metrics.json's");
            }
            if (!model.startsWith("lsm")) {
                continue;
            }
            double lo = Double.POSITIVE_INFINITY, hi = 0;
            for (String p : new String[] {"EE", "EI", "IE", "II"}) {
                double v = w.number(row(w, p), "mean_abs_after");
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            c.value(model + ".recurrent_abs_lo", fixed(lo, 1));
            c.value(model + ".recurrent_abs_hi", fixed(hi, 1));
        }
        double n1 = files.json(DIR + "nalsm1000-metrics.json").path("test_accuracy").asDouble();
        double n8 = files.json(DIR + "nalsm8000-metrics.json").path("test_accuracy").asDouble();
        double stdp = files.json(DIR + "lsm-stdp1000-metrics.json").path("test_accuracy").asDouble();
        c.value("gain_8000", fixed(100 * (n8 - n1), 1));
        c.value("stdp_gap", fixed(100 * (n1 - stdp), 0));
        weightSweep(c, files);
        wastroSweep(c, files);
        return c;
    }

    private static double syn(ScanRows w, String projection) {
        return w.number(row(w, projection), "synapses");
    }

    private static Map<String, String> row(ScanRows rows, String projection) {
        ScanRows r = rows.where("projection", projection);
        if (r.size() != 1) {
            throw new ReportException("no projection " + projection + " in a weights table");
        }
        return r.row(0);
    }

    private static void weightSweep(ReportContent c, RunFiles files) {
        ScanRows s = new ScanRows(files.csv(DIR + "lsm1000-weight-sweep-summary.csv"));
        ScanRows index = new ScanRows(files.csv(DIR + "lsm1000-weight-sweep-index.csv"));
        String axis = "/projections/3/weight";
        String[] head = new String[s.size() + 1];
        String[][] rows = new String[4][s.size() + 1];
        head[0] = "|w|";
        rows[0][0] = "test accuracy (reduced protocol)";
        rows[1][0] = "validation accuracy";
        rows[2][0] = "branching factor (feature phase)";
        rows[3][0] = "mean liquid rate";
        int best = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.number(s.row(i), "test_accuracy") > s.number(s.row(best), "test_accuracy")) {
                best = i;
            }
        }
        double flatLo = 1, flatHi = 0, crossLo = Double.NaN, crossHi = Double.NaN;
        for (int i = 0; i < s.size(); i++) {
            Map<String, String> r = s.row(i);
            head[i + 1] = s.text(r, axis);
            String acc = fixed(100 * s.number(r, "test_accuracy"), 2) + " %";
            rows[0][i + 1] = i == best ? "**" + acc + "**" : acc;
            rows[1][i + 1] = fixed(100 * s.number(r, "validation_accuracy"), 2) + " %";
            rows[2][i + 1] = fixed(s.number(r, "branching_factor.features_test"), 2);
            rows[3][i + 1] = fixed(s.number(r, "features.mean_liquid_rate_hz"), 1) + " Hz";
            if (i > 0) {
                flatLo = Math.min(flatLo, s.number(r, "test_accuracy"));
                flatHi = Math.max(flatHi, s.number(r, "test_accuracy"));
                if (Double.isNaN(crossLo) && s.number(s.row(i - 1), "branching_factor.features_test") < 1
                        && s.number(r, "branching_factor.features_test") >= 1) {
                    crossLo = s.number(s.row(i - 1), axis);
                    crossHi = s.number(r, axis);
                }
            }
        }
        MarkdownTable t = new MarkdownTable(head);
        for (String[] r : rows) {
            t.row(r);
        }
        c.table("lsm-weight-sweep", t);
        Map<String, String> b = s.row(best);
        c.value("lsm.best_w", fixed(s.number(b, axis), 1));
        c.value("lsm.best_acc", fixed(100 * s.number(b, "test_accuracy"), 2));
        c.value("lsm.best_branching", fixed(s.number(b, "branching_factor.features_test"), 2));
        c.value("lsm.first_w", fixed(s.number(s.row(0), axis), 1));
        c.value("lsm.second_w", fixed(s.number(s.row(1), axis), 1));
        c.value("lsm.last_w", fixed(s.number(s.row(s.size() - 1), axis), 1));
        c.value("lsm.flat_spread", fixed(100 * (flatHi - flatLo), 1));
        c.value("lsm.cross_lo", fixed(crossLo, 1));
        c.value("lsm.cross_hi", fixed(crossHi, 1));
        c.value("lsm.point_min", fixed(Stats.mean(index.column("wall_s")) / 60, 1));
    }

    private static void wastroSweep(ReportContent c, RunFiles files) {
        ScanRows s = new ScanRows(files.csv(DIR + "nalsm1000-wastro-sweep-summary.csv"));
        ScanRows index = new ScanRows(files.csv(DIR + "nalsm1000-wastro-sweep-index.csv"));
        String axis = "/projections/1/plasticity/modulators/0/weight";
        int n = s.size(), best = 0;
        for (int i = 0; i < n; i++) {
            if (s.number(s.row(i), "test_accuracy") > s.number(s.row(best), "test_accuracy")) {
                best = i;
            }
        }
        String[] head = new String[n + 1];
        String[][] rows = new String[5][n + 1];
        head[0] = "w_astro";
        String[] titles = {"test accuracy", "validation accuracy", "branching factor after initialisation",
            "mean liquid rate (features)", "wall time (2 cores, shared with the LSM+STDP run)"};
        for (int k = 0; k < titles.length; k++) {
            rows[k][0] = titles[k];
        }
        int paper = -1;
        for (int i = 0; i < n; i++) {
            Map<String, String> r = s.row(i);
            double w = s.number(r, axis);
            if (w == 0.015) {
                paper = i;
            }
            head[i + 1] = s.text(r, axis) + (w == 0.015 ? " (paper)" : "");
            String acc = fixed(100 * s.number(r, "test_accuracy"), 2) + " %";
            rows[0][i + 1] = i == best ? "**" + acc + "**" : acc;
            rows[1][i + 1] = fixed(100 * s.number(r, "validation_accuracy"), 2) + " %";
            rows[2][i + 1] = fixed(s.number(r, "branching_factor.after_initialization"), 2);
            rows[3][i + 1] = fixed(s.number(r, "features.mean_liquid_rate_hz"), 0) + " Hz";
            Map<String, String> ix = index.where(x -> x.get("point").equals(r.get("point"))).row(0);
            rows[4][i + 1] = fixed(index.number(ix, "wall_s") / 60, 1) + " min";
        }
        if (paper < 0) {
            throw new ReportException(DIR
                    + "nalsm1000-wastro-sweep-summary.csv: no point at the paper's w_astro 0.015");
        }
        MarkdownTable t = new MarkdownTable(head);
        for (String[] r : rows) {
            t.row(r);
        }
        c.table("wastro-sweep", t);
        Map<String, String> p = s.row(paper);
        c.value("wastro.reduced_acc", fixed(100 * s.number(p, "test_accuracy"), 2));
        c.value("wastro.reduced_branching", fixed(s.number(p, "branching_factor.after_initialization"), 2));
        Map<String, String> pi = index.where(x -> x.get("point").equals(p.get("point"))).row(0);
        c.value("wastro.reduced_min", fixed(index.number(pi, "wall_s") / 60, 1));
        c.value("wastro.bf_first", fixed(s.number(s.row(0), "branching_factor.after_initialization"), 2));
        c.value("wastro.bf_last", fixed(s.number(s.row(n - 1), "branching_factor.after_initialization"), 2));
        double lo = 1, hi = 0;
        for (int i = paper; i < n; i++) {
            lo = Math.min(lo, s.number(s.row(i), "test_accuracy"));
            hi = Math.max(hi, s.number(s.row(i), "test_accuracy"));
        }
        c.value("wastro.flat_spread", fixed(100 * (hi - lo), 1));
        double low = Math.max(s.number(s.row(0), "test_accuracy"), s.number(s.row(1), "test_accuracy"));
        c.value("wastro.low_deficit", fixed(100 * (lo - low), 1));
        c.value("wastro.rate_lo", fixed(s.number(s.row(1), "features.mean_liquid_rate_hz"), 0));
        c.value("wastro.rate_hi", fixed(s.number(s.row(0), "features.mean_liquid_rate_hz"), 0));
    }
}
