package org.spinel.networks.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable sense-reversing barrier for a fixed number of parties that spins briefly, then yields. Cheap enough
 * to cross once per time step. If any party {@link #fail}s, every waiting party leaves with an exception.
 */
final class SpinBarrier {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile boolean sense;
    private volatile Throwable failure;

    SpinBarrier(int parties) {
        this.parties = parties;
    }

    /** Waits for all parties; {@code localSense} is the caller's flag, flipped on every crossing. */
    boolean await(boolean localSense) {
        boolean next = !localSense;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            sense = next;
        } else {
            int spins = 0;
            while (sense != next) {
                if (failure != null) {
                    throw new IllegalStateException("another thread failed", failure);
                }
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
        return next;
    }

    void fail(Throwable t) {
        failure = t;
    }

    Throwable failure() {
        return failure;
    }
}
