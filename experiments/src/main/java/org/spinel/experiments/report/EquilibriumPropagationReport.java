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
        speed(c, files);
        return c;
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
        MarkdownTable t = new MarkdownTable("epoch", "test accuracy", "train accuracy", "training (s)",
                "mean free-phase steps", "free phases not converged");
        for (Map<String, String> r : csv.rows()) {
            t.row(r.get("epoch"), fixed(Double.parseDouble(r.get("test_accuracy")), 4),
                    fixed(Double.parseDouble(r.get("train_accuracy")), 4), fixed(Double.parseDouble(r.get("train_s")), 1),
                    fixed(Double.parseDouble(r.get("free_steps_mean")), 1),
                    NumberFormats.separated(Math.round(Double.parseDouble(r.get("free_not_converged")))) + " of "
                            + NumberFormats.separated(Math.round(Double.parseDouble(r.get("free_phases")))));
        }
        c.table("ep-fmnist-first-epochs", t);
    }
}
