package org.spinel.experiments.report;

import static org.spinel.experiments.report.NumberFormats.fixed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/reproductions/equilibrium-propagation.md}: the gradient check of the estimators against
 * back-propagation through the free phase ({@code equilibrium-propagation/gradient-check/}, the
 * {@code ep-gradient-check} example's run) and the first Fashion-MNIST epochs of {@code ep-fmnist}
 * ({@code equilibrium-propagation/ep-fmnist-3-epochs/}).
 */
public final class EquilibriumPropagationReport implements Report {
    private static final String DIR = "equilibrium-propagation/gradient-check/";
    private static final List<String> ESTIMATORS = List.of("classic", "centred", "holomorphic-N8", "holomorphic-N30");

    @Override
    public String name() {
        return "equilibrium-propagation";
    }

    @Override
    public String document() {
        return "docs/reproductions/equilibrium-propagation.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        RunFiles.Csv csv = files.csv(DIR + "gradient_check.csv");
        Map<String, Map<String, String>> byBeta = new LinkedHashMap<>();
        Map<String, Double> minHalf = new LinkedHashMap<>();
        long unconverged = 0;
        for (Map<String, String> r : csv.rows()) {
            byBeta.computeIfAbsent(r.get("beta"), k -> new LinkedHashMap<>()).put(r.get("estimator"), r.get("cosine"));
            double beta = Double.parseDouble(r.get("beta")), cos = Double.parseDouble(r.get("cosine"));
            if (beta <= 0.5) {
                minHalf.merge(r.get("estimator"), cos, Math::min);
            }
            unconverged += Long.parseLong(r.get("nudged_not_converged"));
        }
        MarkdownTable t = new MarkdownTable("\\|β\\|", "classic (N = 1)", "centred (N = 2)", "holomorphic N = 8",
                "holomorphic N = 30");
        for (Map.Entry<String, Map<String, String>> e : byBeta.entrySet()) {
            String[] row = new String[ESTIMATORS.size() + 1];
            row[0] = e.getKey();
            for (int k = 0; k < ESTIMATORS.size(); k++) {
                String v = e.getValue().get(ESTIMATORS.get(k));
                if (v == null) {
                    throw new ReportException(DIR + "gradient_check.csv: no " + ESTIMATORS.get(k) + " row at |beta| = "
                            + e.getKey());
                }
                row[k + 1] = fixed(Double.parseDouble(v), 4);
            }
            t.row(row);
        }
        c.table("gradient-check", t);
        for (String est : ESTIMATORS) {
            Double m = minHalf.get(est);
            if (m == null) {
                throw new ReportException(DIR + "gradient_check.csv: no " + est + " row with |beta| <= 0.5");
            }
            c.value("ep.min_half." + est, fixed(m, 4));
        }
        c.value("ep.unconverged", Long.toString(unconverged));
        firstEpochs(c, files);
        pytorch(c, files);
        fullRun(c, files);
        untied(c, files, "equilibrium-propagation/gep-fmnist/", "gep-lambda", "gep");
        untied(c, files, "equilibrium-propagation/gep-fmnist-t1-300/", "gep-lambda-t1-300", "gep.t1_300");
        speed(c, files);
        return c;
    }

    /**
     * Spinel's first epochs of {@code ep-fmnist} beside the PyTorch reference's ({@code ../shared/bench/ep_fmnist.py},
     * one JSON line per epoch) with the same settings and seed: the test accuracy per epoch and the difference.
     */
    private static void pytorch(ReportContent c, RunFiles files) {
        String file = "equilibrium-propagation/pytorch-3-epochs/ep_fmnist.jsonl";
        Map<String, com.fasterxml.jackson.databind.JsonNode> reference = new LinkedHashMap<>();
        com.fasterxml.jackson.databind.JsonNode machine = null;
        for (com.fasterxml.jackson.databind.JsonNode line : files.jsonl(file)) {
            if (line.has("machine")) {
                machine = line.path("machine");
            } else if ("ep-fmnist".equals(line.path("bench").asText())) {
                reference.put(line.path("epoch").asText(), line);
            }
        }
        if (machine == null) {
            throw new ReportException(file + ": no machine line");
        }
        RunFiles.Csv csv = files.csv("equilibrium-propagation/ep-fmnist-3-epochs/epochs.csv");
        MarkdownTable t = new MarkdownTable("epoch", "Spinel test accuracy", "PyTorch test accuracy", "difference (points)",
                "PyTorch training (s, 1 thread)");
        double maxDiff = 0;
        for (Map<String, String> r : csv.rows()) {
            com.fasterxml.jackson.databind.JsonNode p = reference.get(r.get("epoch"));
            if (p == null) {
                throw new ReportException(file + ": no line for epoch " + r.get("epoch"));
            }
            double spinel = Double.parseDouble(r.get("test_accuracy")), torch = p.path("test_accuracy").asDouble();
            double diff = 100 * (spinel - torch);
            maxDiff = Math.max(maxDiff, Math.abs(diff));
            t.row(r.get("epoch"), fixed(spinel, 4), fixed(torch, 4), (diff >= 0 ? "+" : "") + fixed(diff, 2),
                    fixed(p.path("train_seconds").asDouble(), 1));
        }
        c.table("ep-pytorch-agreement", t);
        c.value("ep.pytorch.max_difference", fixed(maxDiff, 2));
        c.value("ep.pytorch.machine", machine.path("cpu").asText() + ", " + machine.path("cores").asText() + " cores, "
                + machine.path("date").asText());
    }

    /**
     * The untied (alpha = 90 degrees) runs without and with Jacobian homeostasis: per seed, the last epoch's test
     * accuracy, symmetry metric s / (s + a) and angle between W and B^T of lambda = 0 and lambda = 1 (each sweep's
     * {@code index.csv} names its points; each point's {@code epochs.csv} is under {@code points/<point>/}), for the
     * runs under {@code dir} ({@code lambda0/}, {@code lambda1/}) into table {@code table} and the values
     * {@code prefix.*}.
     */
    private static void untied(ReportContent c, RunFiles files, String dir, String table, String prefix) {
        Map<String, Map<String, String>> off = epochBySeed(files, dir + "lambda0/", -1), on = epochBySeed(files,
                dir + "lambda1/", -1);
        Map<String, Map<String, String>> off3 = epochBySeed(files, dir + "lambda0/", 3), on3 = epochBySeed(files,
                dir + "lambda1/", 3);
        int sym3 = 0, acc3 = 0;
        for (String seed : off3.keySet()) {
            Map<String, String> b = on3.get(seed);
            if (b != null && Double.parseDouble(b.get("symmetry")) > Double.parseDouble(off3.get(seed).get("symmetry"))) {
                sym3++;
            }
            if (b != null && Double.parseDouble(b.get("test_accuracy")) > Double.parseDouble(off3.get(seed).get(
                    "test_accuracy"))) {
                acc3++;
            }
        }
        if (off.size() > 0 && !off.equals(off3)) { // runs longer than 3 epochs: their third epoch as well
            c.value(prefix + ".epoch3.symmetry_better", Integer.toString(sym3));
            c.value(prefix + ".epoch3.accuracy_better", Integer.toString(acc3));
        }
        MarkdownTable t = new MarkdownTable("seed", "test accuracy λ = 0", "test accuracy λ = 1", "symmetry λ = 0",
                "symmetry λ = 1", "W–Bᵀ angle λ = 0 (°)", "W–Bᵀ angle λ = 1 (°)",
                "free phases not converged λ = 0 / λ = 1", "λ = 1 higher in both");
        int better = 0;
        for (Map.Entry<String, Map<String, String>> e : off.entrySet()) {
            Map<String, String> a = e.getValue(), b = on.get(e.getKey());
            if (b == null) {
                throw new ReportException(dir + "lambda1/index.csv: no point with seed " + e.getKey());
            }
            double accA = Double.parseDouble(a.get("test_accuracy")), accB = Double.parseDouble(b.get("test_accuracy"));
            double symA = Double.parseDouble(a.get("symmetry")), symB = Double.parseDouble(b.get("symmetry"));
            boolean both = accB > accA && symB > symA;
            better += both ? 1 : 0;
            t.row(e.getKey(), fixed(accA, 4), fixed(accB, 4), fixed(symA, 4), fixed(symB, 4),
                    fixed(Double.parseDouble(a.get("feedback_angle")), 1), fixed(Double.parseDouble(b.get("feedback_angle")), 1),
                    NumberFormats.separated(Math.round(Double.parseDouble(a.get("free_not_converged")))) + " / "
                            + NumberFormats.separated(Math.round(Double.parseDouble(b.get("free_not_converged")))),
                    both ? "yes" : "no");
        }
        c.table(table, t);
        c.value(prefix + ".seeds", Integer.toString(off.size()));
        c.value(prefix + ".better", Integer.toString(better));
    }

    /** Per seed, the row of epoch {@code epoch} (the last row when it is -1) of each point's {@code epochs.csv}. */
    private static Map<String, Map<String, String>> epochBySeed(RunFiles files, String sweep, int epoch) {
        Map<String, Map<String, String>> bySeed = new java.util.TreeMap<>();
        for (Map<String, String> r : files.csv(sweep + "index.csv").rows()) {
            if (!"ok".equals(r.get("status"))) {
                throw new ReportException(sweep + "index.csv: point " + r.get("point") + " is " + r.get("status"));
            }
            List<Map<String, String>> epochs = files.csv(sweep + "points/" + r.get("point") + "/epochs.csv").rows();
            if (epoch > epochs.size()) {
                throw new ReportException(sweep + "points/" + r.get("point") + "/epochs.csv: no epoch " + epoch);
            }
            bySeed.put(r.get("seed"), epochs.get(epoch < 0 ? epochs.size() - 1 : epoch - 1));
        }
        return bySeed;
    }

    /** The tied network trained for all its epochs: every fifth epoch, the best and the final test accuracy. */
    private static void fullRun(ReportContent c, RunFiles files) {
        String dir = "equilibrium-propagation/ep-fmnist-2h-50-epochs/";
        RunFiles.Csv csv = files.csv(dir + "epochs.csv");
        com.fasterxml.jackson.databind.JsonNode metrics = files.json(dir + "metrics.json");
        MarkdownTable t = epochTable();
        double best = -1, trainSeconds = 0;
        String bestEpoch = "";
        List<Map<String, String>> rows = csv.rows();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            double test = Double.parseDouble(r.get("test_accuracy"));
            trainSeconds += Double.parseDouble(r.get("train_s"));
            if (test > best) {
                best = test;
                bestEpoch = r.get("epoch");
            }
            int epoch = Integer.parseInt(r.get("epoch"));
            if (epoch == 1 || epoch % 5 == 0 || i == rows.size() - 1) {
                epochRow(t, r);
            }
        }
        c.table("ep-fmnist-full", t);
        c.value("ep.full.final_test", fixed(100 * metrics.path("final_test_accuracy").asDouble(), 2));
        c.value("ep.full.best_test", fixed(100 * best, 2));
        c.value("ep.full.best_epoch", bestEpoch);
        c.value("ep.full.epochs", Integer.toString(rows.size()));
        c.value("ep.full.train_minutes", fixed(trainSeconds / 60, 0));
    }

    /** The summary line of each {@code bench/ep_vs_pytorch.sh} run (the last line of its file), with its machine line. */
    private static void speed(ReportContent c, RunFiles files) {
        MarkdownTable t = new MarkdownTable("run file", "threads", "samples", "load at start", "PyTorch s / 1000",
                "PyTorch epoch (s)", "PyTorch free steps / s", "Spinel every step s / 1000", "epoch (s)",
                "free steps / s", "ratio", "Spinel early stop s / 1000", "epoch (s)", "free steps / s", "ratio");
        for (String f : List.of("ep-vs-pytorch-60000-1thread.jsonl", "ep-vs-pytorch-4000-1thread.jsonl",
                "ep-vs-pytorch-4000-2threads.jsonl", "ep-vs-pytorch-10000-2threads.jsonl")) {
            List<com.fasterxml.jackson.databind.JsonNode> lines = files.jsonl("equilibrium-propagation/speed/" + f);
            com.fasterxml.jackson.databind.JsonNode m = lines.get(0).path("machine"), s = lines.get(lines.size() - 1);
            if (!"ep-fmnist-summary".equals(s.path("bench").asText())) {
                throw new ReportException("equilibrium-propagation/speed/" + f + ": no summary line at its end");
            }
            com.fasterxml.jackson.databind.JsonNode every = s.path("spinel_every_step"), early = s.path("spinel_early_stop");
            t.row(f, s.path("threads").asText(), s.path("samples").asText(), fixed(m.path("load_average").asDouble(), 1),
                    fixed(s.path("pytorch_seconds_per_1000").asDouble(), 2), fixed(s.path("pytorch_epoch_s").asDouble(), 0),
                    s.path("pytorch_free_steps_per_s").asText(),
                    fixed(every.path("seconds_per_1000").asDouble(), 2), fixed(every.path("epoch_s").asDouble(), 0),
                    every.path("free_steps_per_s").asText(), fixed(every.path("speedup").asDouble(), 2) + "×",
                    fixed(early.path("seconds_per_1000").asDouble(), 2), fixed(early.path("epoch_s").asDouble(), 0),
                    early.path("free_steps_per_s").asText(), fixed(early.path("speedup").asDouble(), 2) + "×");
        }
        c.table("ep-speed", t);
    }

    private static void firstEpochs(ReportContent c, RunFiles files) {
        String dir = "equilibrium-propagation/ep-fmnist-3-epochs/";
        RunFiles.Csv csv = files.csv(dir + "epochs.csv");
        MarkdownTable t = epochTable();
        for (Map<String, String> r : csv.rows()) {
            epochRow(t, r);
        }
        c.table("ep-fmnist-first-epochs", t);
    }

    /** The per-epoch table of an {@code ep-train} run's {@code epochs.csv}. */
    private static MarkdownTable epochTable() {
        return new MarkdownTable("epoch", "test accuracy", "train accuracy", "training (s)", "mean free-phase steps",
                "free phases not converged");
    }

    /** One row of {@link #epochTable()} from a row of {@code epochs.csv}. */
    private static void epochRow(MarkdownTable t, Map<String, String> r) {
        t.row(r.get("epoch"), fixed(Double.parseDouble(r.get("test_accuracy")), 4),
                fixed(Double.parseDouble(r.get("train_accuracy")), 4), fixed(Double.parseDouble(r.get("train_s")), 1),
                fixed(Double.parseDouble(r.get("free_steps_mean")), 1),
                NumberFormats.separated(Math.round(Double.parseDouble(r.get("free_not_converged")))) + " of "
                        + NumberFormats.separated(Math.round(Double.parseDouble(r.get("free_phases")))));
    }
}
