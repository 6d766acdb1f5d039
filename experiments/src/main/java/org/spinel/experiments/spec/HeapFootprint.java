package org.spinel.experiments.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@link MemoryEstimate} of a document while it is read (populations, synapses, monitors' recordings,
 * the protocol's buffers): a run that cannot fit in the JVM's heap is refused while the document is read, before
 * anything is allocated, instead of ending in an {@link OutOfMemoryError}. Each part is a deliberately low bound (what
 * the arrays need at least), so that nothing that fits is refused.
 */
final class HeapFootprint {
    private final List<MemoryEstimate.Part> parts = new ArrayList<>();
    private final List<MemoryEstimate.Part> monitors = new ArrayList<>();

    /** Adds {@code b} bytes for the part at {@code ptr}, described for the message. */
    void add(String ptr, double b, String description) {
        parts.add(new MemoryEstimate.Part(ptr, description, b));
    }

    /** Adds a monitor's recording buffers (counted only when the protocol runs the engine's monitors). */
    void addMonitor(String ptr, double b, String description) {
        monitors.add(new MemoryEstimate.Part(ptr, description, b));
    }

    /**
     * The estimate.
     *
     * @param withMonitors whether the protocol records the engine's monitors for the whole duration
     */
    MemoryEstimate estimate(boolean withMonitors) {
        List<MemoryEstimate.Part> all = new ArrayList<>(parts);
        if (withMonitors) {
            all.addAll(monitors);
        }
        return new MemoryEstimate(all, Runtime.getRuntime().maxMemory());
    }

    /**
     * Records a problem at the largest part when the estimate exceeds the heap this JVM may use; returns the estimate.
     *
     * @param withMonitors whether the protocol records the engine's monitors for the whole duration
     */
    MemoryEstimate check(Problems problems, boolean withMonitors) {
        MemoryEstimate m = estimate(withMonitors);
        if (!m.fits()) {
            MemoryEstimate.Part big = m.largest();
            problems.addText(big.pointer(), "a run whose state, recordings and buffers need at least "
                    + gib(m.totalBytes()) + " (the largest part: " + big.description() + ", " + gib(big.bytes()) + ")",
                    "a run that fits in the Java heap of " + gib(m.heapBytes()) + ": make it smaller, or give the JVM "
                            + "more memory (" + MemoryEstimate.HEAP_HINT + ")");
        }
        return m;
    }

    /** Bytes in GiB with one decimal. */
    static String gib(double b) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }
}
