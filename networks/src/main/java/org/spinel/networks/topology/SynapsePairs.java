package org.spinel.networks.topology;

import java.util.Arrays;

/**
 * A growable list of (pre, post) index pairs: what a {@link Topology} produces. Pairs may repeat (multapses) if
 * the topology allows it. Primitive arrays, no boxing; {@link #add} amortises growth.
 */
public final class SynapsePairs {
    private int[] pre;
    private int[] post;
    private int size;

    /** Empty list with a capacity hint. */
    public SynapsePairs(int capacity) {
        int c = Math.max(16, capacity);
        pre = new int[c];
        post = new int[c];
    }

    /** Empty list. */
    public SynapsePairs() {
        this(16);
    }

    /** Wraps copies of parallel arrays. */
    public static SynapsePairs of(int[] pre, int[] post) {
        if (pre.length != post.length) {
            throw new IllegalArgumentException("pre and post arrays differ in length: " + pre.length + " vs " + post.length);
        }
        SynapsePairs p = new SynapsePairs(pre.length);
        System.arraycopy(pre, 0, p.pre, 0, pre.length);
        System.arraycopy(post, 0, p.post, 0, post.length);
        p.size = pre.length;
        return p;
    }

    /** Appends one pair. */
    public void add(int preIndex, int postIndex) {
        if (size == pre.length) {
            int c = (int) Math.min(Integer.MAX_VALUE - 8, (long) pre.length * 3 / 2 + 16);
            if (c <= size) {
                throw new IllegalStateException("too many synapses for one projection: " + size);
            }
            pre = Arrays.copyOf(pre, c);
            post = Arrays.copyOf(post, c);
        }
        pre[size] = preIndex;
        post[size] = postIndex;
        size++;
    }

    /** Number of pairs. */
    public int size() {
        return size;
    }

    /** Presynaptic index of pair k. */
    public int pre(int k) {
        return pre[k];
    }

    /** Postsynaptic index of pair k. */
    public int post(int k) {
        return post[k];
    }

    /** Copy of the presynaptic indices. */
    public int[] preArray() {
        return Arrays.copyOf(pre, size);
    }

    /** Copy of the postsynaptic indices. */
    public int[] postArray() {
        return Arrays.copyOf(post, size);
    }
}
