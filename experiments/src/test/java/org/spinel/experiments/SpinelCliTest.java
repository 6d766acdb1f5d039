package org.spinel.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, the bench JSON line. */
class SpinelCliTest {
    @TempDir
    Path tmp;

    private static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void benchPrintsOneJsonLine() {
        String out = captureOut(() -> assertEquals(0, SpinelCli.execute("bench", "cuba", "--neurons", "1000",
                "--duration", "100ms", "--threads", "2")));
        String line = out.trim();
        assertTrue(line.startsWith("{\"bench\":\"cuba\",\"backend\":\"java\",\"threads\":2,\"neurons\":1000"), line);
        for (String k : new String[] {"duration_s", "build_s", "loop_s", "spikes", "synaptic_events", "synapses",
                "bytes_per_synapse"}) {
            assertTrue(line.contains("\"" + k + "\":"), k);
        }
    }

    @Test
    void invalidInputExitsWithTwoAndWritesNothing() {
        assertEquals(2, SpinelCli.execute("bench", "cuba", "--duration", "ten seconds"));
        assertEquals(2, SpinelCli.execute("bench", "cuba", "--backend", "nope"));
        assertEquals(2, SpinelCli.execute("run", tmp.resolve("missing.json").toString(), "--out", tmp.toString()));
        assertEquals(2, SpinelCli.execute("bench", "cuba", "--threads", "0"));
        assertTrue(tmp.toFile().list().length == 0);
    }
}
