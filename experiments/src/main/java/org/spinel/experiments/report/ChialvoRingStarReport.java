package org.spinel.experiments.report;

import static org.spinel.experiments.report.NumberFormats.fixed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code docs/reproductions/chialvo-ring-star.md}: the N = 4 higher-order ring-star of Chialvo maps, rendered from the
 * map scans' {@code scan.csv} and {@code metrics.json} under {@code chialvo-ring-star/scans/} (k0 scan, its long-orbit
 * re-run of selected points, μ scan, coexistence, basins, higher-order map).
 */
public final class ChialvoRingStarReport implements Report {
    private static final String RUNS = "chialvo-ring-star/scans/";
    private static final String[] CROSSINGS = {"a real eigenvalue at +1 (saddle-node)",
        "a real eigenvalue at −1 (period doubling)", "a complex pair (Neimark–Sacker)"};

    @Override
    public String name() {
        return "chialvo-ring-star";
    }

    @Override
    public String document() {
        return "docs/reproductions/chialvo-ring-star.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        k0Scan(c, files);
        muScan(c, files);
        coexistence(c, files);
        higherOrder(c, files);
        return c;
    }

    private static ScanRows scan(RunFiles files, String run) {
        return new ScanRows(files.csv(RUNS + run + "/scan.csv"));
    }

    private static void k0Scan(ReportContent c, RunFiles files) {
        ScanRows all = scan(files, "k0-scan");
        ScanRows fp = all.where("regime", "fixed-point");
        c.value("k0.fp_max", fixed(Stats.max(fp.column("k0")), 4));
        c.value("k0.fp_lambda_min", fixed(Stats.min(fp.column("lyapunov")), 3));
        c.value("k0.fp_lambda_max", fixed(Stats.max(fp.column("lyapunov")), 3));
        c.value("k0.fp_radius_min", fixed(Stats.min(fp.column("fp_radius")), 3));
        c.value("k0.fp_radius_max", fixed(Stats.max(fp.column("fp_radius")), 3));
        int u = firstUnstable(all);
        c.value("k0.ns_stable", fixed(all.number(all.row(u - 1), "k0"), 5));
        c.value("k0.ns_unstable", fixed(all.number(all.row(u), "k0"), 5));
        c.value("k0.ns_crossing", CROSSINGS[(int) all.number(all.row(u), "fp_crossing")]);

        ScanRows qp = all.where("regime", "quasi-periodic");
        c.value("k0.qp_count", Integer.toString(qp.size()));
        c.value("k0.qp_lambda_min", fixed(Stats.min(qp.column("lyapunov")), 3));
        c.value("k0.qp_lambda_max", fixed(Stats.max(qp.column("lyapunov")), 4));
        double[] qpK = qp.column("zero_one");
        c.value("k0.qp_k_median", fixed(Stats.median(qpK), 2));
        c.value("k0.qp_k_p90", fixed(Stats.percentile(qpK, 90), 2));
        c.value("k0.qp_k_max", fixed(Stats.max(qpK), 2));

        ScanRows ch = all.where("regime", "chaotic");
        c.value("k0.chaotic", Integer.toString(ch.size()));
        c.value("k0.chaotic_lambda_min", fixed(Stats.min(ch.column("lyapunov")), 4));
        c.value("k0.chaotic_lambda_max", fixed(Stats.max(ch.column("lyapunov")), 3));
        ScanRows high = ch.where(r -> ch.number(r, "zero_one") > 0.5);
        ScanRows low = ch.where(r -> ch.number(r, "zero_one") <= 0.5);
        c.value("k0.chaotic_k_high", Integer.toString(high.size()));
        c.value("k0.chaotic_k_high_min", fixed(Stats.min(high.column("zero_one")), 2));
        c.value("k0.chaotic_k_high_max", fixed(Stats.max(high.column("zero_one")), 2));
        c.value("k0.chaotic_k_low", Integer.toString(low.size()));
        c.value("k0.chaotic_k_low_min", fixed(Stats.min(low.column("zero_one")), 2));
        c.value("k0.chaotic_k_low_k0_min", fixed(Stats.min(low.column("k0")), 4));
        double lowLambdaMin = Stats.min(low.column("lyapunov")), lowLambdaMax = Stats.max(low.column("lyapunov"));
        c.value("k0.chaotic_k_low_lambda_min", fixed(lowLambdaMin, 4));
        c.value("k0.chaotic_k_low_lambda_max", fixed(lowLambdaMax, 4));
        c.value("k0.chaotic_k_low_time_min", fixed(1 / lowLambdaMax, 0));
        c.value("k0.chaotic_k_low_time_max", fixed(1 / lowLambdaMin, 0));
        ScanRows desync = all.where(r -> all.number(r, "cross_correlation") < 0.99);
        c.value("k0.gamma_below", Integer.toString(desync.size()));
        c.value("k0.gamma_min", fixed(Stats.min(all.column("cross_correlation")), 2));

        MarkdownTable bands = new MarkdownTable("k0", "fixed point", "periodic (periods)", "quasi-periodic", "chaotic");
        double[] edges = {0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.0601};
        for (int b = 0; b + 1 < edges.length; b++) {
            double lo = edges[b], hi = edges[b + 1];
            ScanRows in = all.where(r -> all.number(r, "k0") >= lo && all.number(r, "k0") < hi);
            ScanRows per = in.where("regime", "periodic");
            String periods = per.size() == 0 ? "0" : per.size() + " (" + fixed(Stats.min(per.column("period")), 0)
                    + "–" + fixed(Stats.max(per.column("period")), 0) + ")";
            bands.row(fixed(lo, 3) + "–" + fixed(Math.min(hi, 0.06), 3), count(in, "fixed-point"), periods,
                    count(in, "quasi-periodic"), count(in, "chaotic"));
        }
        c.table("k0-bands", bands);

        // the long-orbit re-run: the same k0 values with 100 000 measured iterations instead of 10 000
        ScanRows longRun = scan(files, "k0-long");
        Map<Double, Map<String, String>> shortByK0 = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            shortByK0.put(all.number(all.row(i), "k0"), all.row(i));
        }
        MarkdownTable t = new MarkdownTable("k0", "regime", "λ_max (10 000 it.)", "K (10 000 it.)",
                "λ_max (100 000 it.)", "K (100 000 it.)");
        int lowCount = 0, lowRecovered = 0, regimeChanges = 0, controlsChaotic = 0, controlsRegular = 0;
        double lowKMin = Double.POSITIVE_INFINITY, lowKMinK0 = Double.NaN, lambdaShift = 0, controlKMax = 0;
        for (int i = 0; i < longRun.size(); i++) {
            Map<String, String> l = longRun.row(i);
            double k0 = longRun.number(l, "k0");
            Map<String, String> s = shortByK0.get(k0);
            if (s == null) {
                throw new ReportException(RUNS + "k0-long/scan.csv: k0 = " + k0 + " is not a point of the k0 scan");
            }
            double ks = all.number(s, "zero_one"), kl = longRun.number(l, "zero_one");
            double ls = all.number(s, "lyapunov"), ll = longRun.number(l, "lyapunov");
            boolean chaotic = "chaotic".equals(s.get("regime"));
            if (!s.get("regime").equals(l.get("regime"))) {
                regimeChanges++;
            }
            if (chaotic) {
                lambdaShift = Math.max(lambdaShift, Math.abs(ll - ls) / ls);
                if (ks <= 0.5) {
                    lowCount++;
                    if (kl > 0.9) {
                        lowRecovered++;
                    }
                    if (kl < lowKMin) {
                        lowKMin = kl;
                        lowKMinK0 = k0;
                    }
                } else {
                    controlsChaotic++;
                }
            } else {
                controlsRegular++;
                controlKMax = Math.max(controlKMax, kl);
            }
            t.row(fixed(k0, 5), s.get("regime"), fixed(ls, 4), fixed(ks, 2), fixed(ll, 4), fixed(kl, 2));
        }
        c.table("k0-long", t);
        c.value("long.low_count", Integer.toString(lowCount));
        c.value("long.low_recovered", Integer.toString(lowRecovered));
        c.value("long.low_k_min", fixed(lowKMin, 2));
        c.value("long.low_k_min_k0", fixed(lowKMinK0, 4));
        c.value("long.lambda_shift_pct", fixed(100 * lambdaShift, 0));
        c.value("long.regime_changes", Integer.toString(regimeChanges));
        c.value("long.control_k_max", fixed(controlKMax, 2));
        c.value("long.controls_chaotic", Integer.toString(controlsChaotic));
        c.value("long.controls_regular", Integer.toString(controlsRegular));
    }

    /** Index of the first row whose fixed point is unstable (spectral radius above 1). */
    private static int firstUnstable(ScanRows rows) {
        for (int i = 1; i < rows.size(); i++) {
            if (rows.number(rows.row(i), "fp_radius") > 1) {
                return i;
            }
        }
        throw new ReportException("the fixed point never loses stability in the scan");
    }

    private static String count(ScanRows rows, String regime) {
        return Integer.toString(rows.where("regime", regime).size());
    }

    private static void muScan(ReportContent c, RunFiles files) {
        ScanRows all = scan(files, "mu-scan");
        int u = firstUnstable(all);
        c.value("mu.stable_max", fixed(all.number(all.row(u - 1), "mu"), 3));
        c.value("mu.first_unstable", fixed(all.number(all.row(u), "mu"), 3));
        c.value("mu.first_unstable_radius", fixed(all.number(all.row(u), "fp_radius"), 4));
        c.value("mu.crossing", CROSSINGS[(int) all.number(all.row(u), "fp_crossing")]);
        ScanRows periodic = all.where("regime", "periodic");
        ScanRows p2 = periodic.where("period", "2");
        if (p2.size() != periodic.size()) {
            throw new ReportException(RUNS + "mu-scan: periodic orbits other than period 2 (the text says every one)");
        }
        c.value("mu.p2_count", Integer.toString(p2.size()));
        double dev = 0;
        for (double g : p2.column("cross_correlation")) {
            dev = Math.max(dev, Math.abs(g + 1));
        }
        c.value("mu.p2_gamma_dev", NumberFormats.scientific(dev, 0));
    }

    private static void coexistence(ReportContent c, RunFiles files) {
        ScanRows all = scan(files, "coexistence");
        Map<Integer, ScanRows> byLabel = byAttractor(all);
        c.value("coex.attractors", Integer.toString(byLabel.size()));
        MarkdownTable t = new MarkdownTable("attractor", "orbits of " + all.size(), "λ_max mean (range)",
                "K mean (range)", "Γ", "R (geometric)");
        for (var e : byLabel.entrySet()) {
            ScanRows r = e.getValue();
            double gamma = Stats.mean(r.column("cross_correlation"));
            t.row(e.getKey() + (gamma > 0.99 ? ": synchronous chaos" : ": one ring node out of synchrony"),
                    Integer.toString(r.size()), meanRange(r.column("lyapunov"), 4), meanRange(r.column("zero_one"), 3),
                    fixed(gamma, 3), fixed(Stats.mean(r.column("kuramoto_geometric")), 3));
        }
        c.table("coexistence", t);

        ScanRows basins = scan(files, "basins");
        Map<Integer, ScanRows> b = byAttractor(basins);
        List<Map.Entry<Integer, ScanRows>> big = new ArrayList<>(b.entrySet());
        big.sort((x, y) -> Integer.compare(y.getValue().size(), x.getValue().size()));
        int attractors = byLabel.size();
        if (big.size() < attractors) {
            throw new ReportException(RUNS + "basins: fewer attractors than in the coexistence run");
        }
        big = new ArrayList<>(big.subList(0, attractors));
        big.sort(Map.Entry.comparingByKey());
        StringBuilder partial = new StringBuilder();
        int sync = -1, inBig = 0;
        for (var e : big) {
            inBig += e.getValue().size();
            if (Stats.mean(e.getValue().column("cross_correlation")) > 0.99) {
                if (sync >= 0) {
                    throw new ReportException(RUNS + "basins: two synchronous attractors");
                }
                sync = e.getValue().size();
            } else {
                partial.append(partial.length() == 0 ? "" : " / ").append(e.getValue().size());
            }
        }
        c.value("basins.grid", Integer.toString(basins.size()));
        c.value("basins.sync", Integer.toString(sync));
        c.value("basins.partial", partial.toString());
        c.value("basins.other", Integer.toString(basins.size() - inBig));
        c.value("basins.other_labels", Integer.toString(b.size() - attractors));
    }

    private static Map<Integer, ScanRows> byAttractor(ScanRows all) {
        Map<Integer, ScanRows> m = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            int label = (int) all.number(all.row(i), "attractor");
            m.computeIfAbsent(label, k -> all.where(r -> (int) all.number(r, "attractor") == k));
        }
        return m;
    }

    private static String meanRange(double[] v, int decimals) {
        return fixed(Stats.mean(v), decimals) + " (" + fixed(Stats.min(v), decimals) + "–"
                + fixed(Stats.max(v), decimals) + ")";
    }

    private static void higherOrder(ReportContent c, RunFiles files) {
        ScanRows all = scan(files, "higher-order");
        Map<Double, ScanRows> columns = new LinkedHashMap<>();
        for (double s : new TreeMap<>(group(all)).keySet()) {
            columns.put(s, all.where(r -> all.number(r, "sigma2Ring") == s));
        }
        List<Double> keys = new ArrayList<>(columns.keySet());
        MarkdownTable t = new MarkdownTable("σ2Ring", "chaotic points", "mean λ_max", "mean Γ", "mean R");
        double[] frac = new double[keys.size()], lambda = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            ScanRows col = columns.get(keys.get(i));
            frac[i] = 100.0 * col.where("regime", "chaotic").size() / col.size();
            lambda[i] = Stats.mean(col.column("lyapunov"));
            if (i % 5 == 0) {
                t.row(keys.get(i) == 0 ? "0 (pairwise only)" : fixed(keys.get(i), 5), fixed(frac[i], 0) + " %",
                        fixed(lambda[i], 3), fixed(Stats.mean(col.column("cross_correlation")), 3),
                        fixed(Stats.mean(col.column("kuramoto_geometric")), 3));
            }
        }
        c.table("higher-order", t);
        c.value("ho.mu_points", Integer.toString(columns.get(keys.get(0)).size()));
        c.value("ho.columns", Integer.toString(keys.size()));
        int weak = -1; // the weak higher-order coupling with the fewest chaotic points, 0 < σ2Ring <= 0.025
        for (int i = 1; i < keys.size() && keys.get(i) <= 0.025; i++) {
            if (weak < 0 || frac[i] < frac[weak]) {
                weak = i;
            }
        }
        c.value("ho.frac_pairwise", fixed(frac[0], 0));
        c.value("ho.lambda_pairwise", fixed(lambda[0], 3));
        c.value("ho.frac_min", fixed(frac[weak], 0));
        c.value("ho.frac_min_at", fixed(keys.get(weak), 5));
        c.value("ho.lambda_at_min", fixed(lambda[weak], 3));
        int last = keys.size() - 1;
        c.value("ho.frac_last", fixed(frac[last], 0));
        c.value("ho.gamma_pairwise", fixed(Stats.mean(columns.get(keys.get(0)).column("cross_correlation")), 3));
        c.value("ho.gamma_last", fixed(Stats.mean(columns.get(keys.get(last)).column("cross_correlation")), 3));
        c.value("ho.r_pairwise", fixed(Stats.mean(columns.get(keys.get(0)).column("kuramoto_geometric")), 3));
        c.value("ho.r_last", fixed(Stats.mean(columns.get(keys.get(last)).column("kuramoto_geometric")), 3));
    }

    private static Map<Double, Boolean> group(ScanRows all) {
        Map<Double, Boolean> m = new LinkedHashMap<>();
        for (double s : all.column("sigma2Ring")) {
            m.put(s, true);
        }
        return m;
    }
}
