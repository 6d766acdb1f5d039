package org.spinel.experiments.spec;

import java.util.Locale;

/**
 * A lower bound of the memory a run needs (populations, synapses, monitors' recordings), with the field of its largest
 * part: a network that cannot fit in the JVM's heap is refused while the document is read, before anything is
 * allocated, instead of ending in an {@link OutOfMemoryError}. The bound is deliberately low (what the state arrays
 * need at least), so that nothing that fits is refused.
 */
final class HeapFootprint {
    private double bytes;
    private double largest = -1;
    private String pointer = "";
    private String what = "";
    private double monitors;
    private double largestMonitor = -1;
    private String monitorPointer = "";
    private String monitorWhat = "";

    /** Adds {@code b} bytes for the part at {@code ptr}, described for the message. */
    void add(String ptr, double b, String description) {
        bytes += b;
        if (b > largest) {
            largest = b;
            pointer = ptr;
            what = description;
        }
    }

    /** Adds a monitor's recording buffers (counted only when the protocol runs the engine's monitors). */
    void addMonitor(String ptr, double b, String description) {
        monitors += b;
        if (b > largestMonitor) {
            largestMonitor = b;
            monitorPointer = ptr;
            monitorWhat = description;
        }
    }

    /**
     * Records a problem at the largest part when the total exceeds the heap this JVM may use.
     *
     * @param withMonitors whether the protocol records the engine's monitors for the whole duration
     */
    void check(Problems problems, boolean withMonitors) {
        long heap = Runtime.getRuntime().maxMemory();
        if (withMonitors) {
            bytes += monitors;
            if (largestMonitor > largest) {
                largest = largestMonitor;
                pointer = monitorPointer;
                what = monitorWhat;
            }
        }
        if (bytes > heap) {
            problems.addText(pointer, "a run whose state and recordings need at least " + gib(bytes) + " (the largest part: "
                    + what + ", " + gib(largest) + ")", "a run that fits in the Java heap of " + gib(heap)
                    + ": make it smaller, or give the JVM more memory (SPINEL_JAVA_OPTS=\"-Xmx<size>\" for ./spinel, "
                    + "whose default is -Xmx8g)");
        }
    }

    /** Bytes in GiB with one decimal. */
    static String gib(double b) {
        return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }
}
