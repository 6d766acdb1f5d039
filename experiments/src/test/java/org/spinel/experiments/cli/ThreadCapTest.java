package org.spinel.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.spinel.experiments.SpinelCli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code --threads} above the available processors is capped with a warning, and the results do not change. */
class ThreadCapTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void capsAboveTheAvailableProcessorsAndSaysSo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(1, ThreadCap.cap("--threads", 1, err));
        assertEquals(CORES, ThreadCap.cap("--threads", CORES, err));
        assertEquals("", buf.toString(StandardCharsets.UTF_8), "no warning within the available processors");
        assertEquals(CORES, ThreadCap.cap("--threads", 1000, err));
        String w = buf.toString(StandardCharsets.UTF_8);
        assertTrue(w.contains("--threads = 1000") && w.contains("the " + CORES + " available processors")
                && w.contains("using " + CORES), w);
    }

    private record Run(JsonNode json, String err) {
    }

    private static Run bench(String threads) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SpinelCli.execute("bench", "cuba", "--neurons", "2000", "--duration", "200ms", "--warmup",
                    "0s", "--threads", threads));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).trim()),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void benchWithAThousandThreadsRunsCappedWithTheResultsOfOne() throws Exception {
        Run one = bench("1");
        Run many = bench("1000");
        assertEquals(1, one.json().get("threads").asInt());
        assertEquals(CORES, many.json().get("threads").asInt(), many.json().toString());
        assertTrue(many.err().contains("--threads = 1000"), many.err());
        assertTrue(one.json().get("spikes").asLong() > 0, one.json().toString());
        assertEquals(one.json().get("spikes"), many.json().get("spikes"));
        assertEquals(one.json().get("synaptic_events"), many.json().get("synaptic_events"));
    }

    @Test
    void anExperimentsThreadsAreCappedWhetherFromTheFlagOrTheDocument() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ExperimentOptions flag = new ExperimentOptions();
            flag.threads = 1000;
            assertEquals(CORES, flag.read(Path.of("examples", "cuba.json")).threads());
            ExperimentOptions set = new ExperimentOptions();
            set.sets = java.util.List.of("/threads=999");
            assertEquals(CORES, set.read(Path.of("examples", "cuba.json")).threads());
        } finally {
            System.setErr(oldErr);
        }
        String w = err.toString(StandardCharsets.UTF_8);
        assertTrue(w.contains("--threads = 1000") && w.contains("/threads = 999"), w);
    }
}
