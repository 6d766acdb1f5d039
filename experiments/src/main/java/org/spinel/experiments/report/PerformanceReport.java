package org.spinel.experiments.report;

import static org.spinel.experiments.report.NumberFormats.fixed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/performance.md}: every figure from the JSON lines of the benchmark command that produced it: the
 * {@code bench/table.sh} run and the fused-vs-per-projection OpenCL runs under {@code performance/} (first line: the
 * command, CPU model, cores, date and load average), the busy-machine and thread A/B runs under
 * {@code bench/results/}, and the surrogate-gradient speed benchmark of the surrogate-gradient report.
 */
public final class PerformanceReport implements Report {
    static final String TABLE = "performance/bench-table.jsonl";
    static final String FUSED = "performance/cuba-opencl-fused.jsonl";
    static final String BUSY_BEFORE = "../bench/results/busy_machine-2026-12-04-before-6e641fa.jsonl";
    static final String BUSY_AFTER = "../bench/results/busy_machine-2026-12-04-after-476e31f.jsonl";
    static final String THREADS_AB = "../bench/results/threads-ab-2026-12-04.jsonl";
    static final String SG = "reproductions/surrogate-gradients/sg-vs-pytorch.jsonl";

    @Override
    public String name() {
        return "performance";
    }

    @Override
    public String document() {
        return "docs/performance.md";
    }

    @Override
    public ReportContent content(RunFiles files) {
        ReportContent c = new ReportContent();
        benchTable(c, files);
        fused(c, files);
        busy(c, files);
        threadsAb(c, files);
        return c;
    }

    /** The rows of {@code bench/table.sh}, formatted as its {@code bench/table.py} does. */
    private static void benchTable(ReportContent c, RunFiles files) {
        MarkdownTable t = new MarkdownTable("bench", "N", "length", "backend", "threads", "loop (s)",
                "ns / neuron-step", "ns / synaptic event", "memory");
        for (JsonNode r : files.jsonl(TABLE)) {
            String bench = r.path("bench").asText();
            if (bench.equals("cuba")) {
                double steps = r.path("duration_s").asDouble() * 1e4, loop = r.path("loop_s").asDouble();
                t.row("CUBA", r.path("neurons").asText(), fixed(r.path("duration_s").asDouble(), 0) + " s",
                        r.path("backend").asText(), r.path("threads").asText(), fixed(loop, 3),
                        fixed(loop * 1e9 / (r.path("neurons").asDouble() * steps), 2),
                        fixed(loop * 1e9 / Math.max(1, r.path("synaptic_events").asDouble()), 2),
                        fixed(r.path("bytes_per_synapse").asDouble(), 2) + " B/synapse");
            } else if (bench.equals("chialvo")) {
                t.row("Chialvo ring-star", r.path("neurons").asText(), r.path("iterations").asText() + " it.",
                        r.path("backend").asText(), r.path("threads").asText(), fixed(r.path("loop_s").asDouble(), 3),
                        fixed(r.path("ns_per_node_iteration").asDouble(), 2), "-",
                        r.path("coupling_bytes").asText() + " B stencil");
            } else if (r.has("failed")) {
                throw new ReportException(TABLE + ": a failed run (" + r.path("failed").asText() + ")");
            }
        }
        c.table("bench-table", t);
        for (String n : new String[] {"40000", "200000"}) {
            JsonNode java = one(files, TABLE, r -> r.path("bench").asText().equals("cuba")
                    && r.path("neurons").asText().equals(n) && r.path("threads").asInt() == 1
                    && r.path("backend").asText().equals("java"));
            JsonNode ocl = one(files, TABLE, r -> r.path("bench").asText().equals("cuba")
                    && r.path("neurons").asText().equals(n) && r.path("backend").asText().equals("opencl"));
            if (java.path("spikes").asLong() != ocl.path("spikes").asLong()) {
                c.value("cuba" + n + ".spikes", "java " + NumberFormats.separated(java.path("spikes").asLong())
                        + ", opencl " + NumberFormats.separated(ocl.path("spikes").asLong()));
            } else {
                c.value("cuba" + n + ".spikes", NumberFormats.separated(java.path("spikes").asLong()) + " on both");
            }
        }
        JsonNode first = files.jsonl(TABLE).get(0);
        c.value("table.start_load", first.path("load_average").asText());
    }

    private static JsonNode one(RunFiles files, String file, Predicate<JsonNode> p) {
        List<JsonNode> hits = new ArrayList<>();
        for (JsonNode r : files.jsonl(file)) {
            if (p.test(r)) {
                hits.add(r);
            }
        }
        if (hits.size() != 1) {
            throw new ReportException(file + ": expected one matching line, found " + hits.size());
        }
        return hits.get(0);
    }

    private static void fused(ReportContent c, RunFiles files) {
        MarkdownTable t = new MarkdownTable("N", "opencl, per-projection launches (`-Dspinel.opencl.fusedLif=false`)",
                "opencl, fused", "fused speed-up", "spikes (both)");
        for (String n : new String[] {"40000", "200000"}) {
            JsonNode f = one(files, FUSED, r -> r.path("variant").asText().equals("fused")
                    && r.path("result").path("neurons").asText().equals(n)).path("result");
            JsonNode p = one(files, FUSED, r -> r.path("variant").asText().equals("per-projection")
                    && r.path("result").path("neurons").asText().equals(n)).path("result");
            if (f.path("spikes").asLong() != p.path("spikes").asLong()) {
                throw new ReportException(FUSED + ": the two forms give different spike counts at N = " + n);
            }
            double lf = f.path("loop_s").asDouble(), lp = p.path("loop_s").asDouble();
            t.row(NumberFormats.separated(Long.parseLong(n)) + " x 1 s", fixed(lp, 3) + " s", "**" + fixed(lf, 3)
                    + " s**", fixed(lp / lf, 2) + "×", NumberFormats.separated(f.path("spikes").asLong()));
        }
        c.table("fused", t);
    }

    /** Medians of loop_s per load and requested thread count, before and after (bench/busy_machine.sh). */
    private static void busy(ReportContent c, RunFiles files) {
        MarkdownTable t = new MarkdownTable("", "load none, 1 thread", "none, 2 threads", "busy, 1 thread",
                "busy, 2 threads", "busy, `--threads 1000` (2)");
        String[][] cols = {{"none", "1"}, {"none", "2"}, {"busy", "1"}, {"busy", "2"}, {"busy", "1000"}};
        for (String[] side : new String[][] {{"before", BUSY_BEFORE}, {"after", BUSY_AFTER}}) {
            String[] cells = new String[cols.length + 1];
            cells[0] = side[0];
            for (int k = 0; k < cols.length; k++) {
                String load = cols[k][0], threads = cols[k][1];
                double[] v = files.jsonl(side[1]).stream().filter(r -> r.path("load").asText().equals(load)
                        && r.path("requested_threads").asText().equals(threads)).mapToDouble(r -> r.path("loop_s")
                                .asDouble()).toArray();
                cells[k + 1] = v.length == 0 ? "(no run: never finished, issue 23)" : fixed(Stats.median(v), 2) + " s";
            }
            t.row(cells);
        }
        c.table("busy-machine", t);
        long spikes = -1;
        for (String f : new String[] {BUSY_BEFORE, BUSY_AFTER}) {
            for (JsonNode r : files.jsonl(f)) {
                if (spikes >= 0 && r.path("spikes").asLong() != spikes) {
                    throw new ReportException(f + ": spike counts differ between runs");
                }
                spikes = r.path("spikes").asLong();
            }
        }
        c.value("busy.spikes", NumberFormats.separated(spikes));
        c.value("busy.runs", Integer.toString(files.jsonl(BUSY_BEFORE).size() + files.jsonl(BUSY_AFTER).size()));
    }

    private static void threadsAb(ReportContent c, RunFiles files) {
        for (String side : new String[] {"old", "new"}) {
            for (String threads : new String[] {"1", "2"}) {
                double[] v = files.jsonl(THREADS_AB).stream().filter(r -> r.path("side").asText().equals(side)
                        && r.path("result").path("threads").asText().equals(threads)).mapToDouble(r -> r.path("result")
                                .path("loop_s").asDouble()).toArray();
                c.value("ab." + side + threads, fixed(Stats.median(v), 3));
            }
        }
    }
}
