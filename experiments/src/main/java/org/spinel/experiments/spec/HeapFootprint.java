package org.spinel.experiments.spec;

import java.util.Locale;

/**
 * A lower bound of the memory a network's state needs (populations and synapses), with the field of its largest
 * part: a network that cannot fit in the JVM's heap is refused while the document is read, before anything is
 * allocated, instead of ending in an {@link OutOfMemoryError}. The bound is deliberately low (what the state arrays
 * need at least), so that nothing that fits is refused.
 */
final class HeapFootprint {
    private double bytes;
    private double largest = -1;
    private String pointer = "";
    private String what = "";

    /** Adds {@code b} bytes for the part at {@code ptr}, described for the message. */
    void add(String ptr, double b, String description) {
        bytes += b;
        if (b > largest) {
            largest = b;
            pointer = ptr;
            what = description;
        }
    }

    /** Records a problem at the largest part when the total exceeds the heap this JVM may use. */
    void check(Problems problems) {
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap) {
            problems.addText(pointer, "a network whose state needs at least " + gib(bytes) + " (the largest part: "
                    + what + ", " + gib(largest) + ")", "a network that fits in the Java heap of " + gib(heap)
                    + ": make it smaller, or give the JVM more memory (SPINEL_JAVA_OPTS=\"-Xmx<size>\" for ./spinel, "
                    + "whose default is -Xmx8g)");
        }
    }

    /** Bytes in GiB with one decimal. */
    static String gib(double b) {
        return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }
}
