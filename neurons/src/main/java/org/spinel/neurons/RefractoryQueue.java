package org.spinel.neurons;

import java.util.Arrays;

/**
 * The refractory neurons of a {@link NeuronState}, kept as one first-in-first-out queue per partition so that a
 * kernel touches only the few neurons that are refractory instead of testing every neuron's countdown each step (a
 * branch that mispredicts for every refractory neuron). With one refractory period per population, neurons leave
 * refractoriness in the order they entered it, so the queue head always holds the smallest remaining count.
 *
 * <p>A partition {@code [from, to)} keeps its queue in the slice {@code [from, to)} of one shared array, so partitions
 * never share memory and a partition's queue never holds more than {@code to − from} neurons. Empty partitions
 * (a population smaller than the number of threads) touch nothing. The queue is a cache
 * of {@link NeuronState#refractory}: code that writes that array directly calls {@link NeuronState#refractoryChanged()}
 * and each partition rebuilds its queue from the countdowns on its next step.
 */
public final class RefractoryQueue {
    private final int[] ring;
    private final int[] head;
    private final int[] length;
    private final int[] seen;
    private volatile int epoch = 1;

    RefractoryQueue(int size) {
        ring = new int[size];
        head = new int[size];
        length = new int[size];
        seen = new int[size];
    }

    void invalidate() {
        epoch++;
    }

    /**
     * Holds every refractory neuron of {@code [from, to)} at {@code vReset} and counts its refractory steps down by
     * one; neurons whose count reaches 0 leave the queue (they integrate again from the next step).
     *
     * @param v   the membrane potential array
     * @param ref the refractory countdowns ({@link NeuronState#refractory})
     */
    public void clampAndCountDown(int from, int to, double[] v, int[] ref, double vReset) {
        if (from == to) {
            return; // an empty partition (more threads than neurons) would share slot `from` with its neighbour
        }
        sync(from, to, ref);
        final int cap = to - from;
        int h = head[from], len = length[from];
        int slot = h;
        for (int k = 0; k < len; k++) {
            int n = ring[from + slot];
            v[n] = vReset;
            ref[n]--;
            if (++slot == cap) {
                slot = 0;
            }
        }
        while (len > 0 && ref[ring[from + h]] <= 0) {
            if (++h == cap) {
                h = 0;
            }
            len--;
        }
        head[from] = h;
        length[from] = len;
    }

    /** Appends neuron {@code n} of partition {@code [from, to)}, whose countdown the caller has just set (&gt; 0). */
    public void add(int from, int to, int n) {
        final int cap = to - from;
        int tail = head[from] + length[from];
        if (tail >= cap) {
            tail -= cap;
        }
        ring[from + tail] = n;
        length[from]++;
    }

    private void sync(int from, int to, int[] ref) {
        int e = epoch;
        if (seen[from] == e) {
            return;
        }
        int len = 0;
        for (int i = from; i < to; i++) {
            if (ref[i] > 0) {
                ring[from + len++] = i;
            }
        }
        // Earliest to leave first: ascending countdown (stable on neuron index).
        Integer[] order = new Integer[len];
        for (int k = 0; k < len; k++) {
            order[k] = ring[from + k];
        }
        Arrays.sort(order, (a, b) -> ref[a] != ref[b] ? Integer.compare(ref[a], ref[b]) : Integer.compare(a, b));
        for (int k = 0; k < len; k++) {
            ring[from + k] = order[k];
        }
        head[from] = 0;
        length[from] = len;
        seen[from] = e;
    }
}
