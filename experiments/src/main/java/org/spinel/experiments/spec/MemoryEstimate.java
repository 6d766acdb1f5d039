package org.spinel.experiments.spec;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A lower bound of the Java heap a run needs, part by part (a population's state, a projection's synapses, a monitor's
 * recording, a protocol's buffers), each named by the JSON pointer of the field that sets its size. Each part counts
 * only the arrays the run certainly allocates, so the bound is low: nothing that fits is refused, and what does not
 * fit is refused before anything is allocated ({@code spinel inspect} prints it).
 *
 * @param parts     the parts, in the order the document defines them
 * @param heapBytes the heap this JVM may use ({@link Runtime#maxMemory()})
 */
public record MemoryEstimate(List<Part> parts, long heapBytes) {
    /**
     * One part of the estimate.
     *
     * @param pointer     JSON pointer of the field that sets its size
     * @param description what it is, for messages ("population \"E\" (3200 neurons)")
     * @param bytes       its lower bound in bytes
     */
    public record Part(String pointer, String description, double bytes) {
    }

    /** A copy of {@code parts}. */
    public MemoryEstimate {
        parts = List.copyOf(parts);
    }

    /** The sum of the parts in bytes. */
    public double totalBytes() {
        double s = 0;
        for (Part p : parts) {
            s += p.bytes();
        }
        return s;
    }

    /** The largest part, or null when there is none. */
    public Part largest() {
        return parts.stream().max(Comparator.comparingDouble(Part::bytes)).orElse(null);
    }

    /** Whether the estimate fits in the heap. */
    public boolean fits() {
        return totalBytes() <= heapBytes;
    }

    /** The launcher's setting for the heap, for messages. */
    static final String HEAP_HINT = "SPINEL_JAVA_OPTS=\"-Xmx<size>\" for ./spinel, whose default is -Xmx8g";

    /** Bytes in human units: KiB, MiB or GiB with one decimal. */
    public static String format(double b) {
        if (b < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        }
        if (b < 1 << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }
}
