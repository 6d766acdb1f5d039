package org.spinel.networks.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable sense-reversing barrier for a fixed number of parties, crossed once per time step: a waiting party spins
 * for at most {@link #SPIN_NS}, then parks until the last party arrives and unparks it. Spinning alone collapsed when
 * the cores were shared (a spinning party took the core from the party it waited for: 2 threads ran 12x slower than
 * 1 beside other CPU-bound processes, 1000 threads on 2 cores never finished); parking gives the core back, and the
 * spin window keeps the unloaded crossing as fast as before (parties of a balanced step arrive within microseconds).
 * If any party {@link #fail}s, every waiting party leaves with an exception.
 */
final class SpinBarrier {
    /** How long a waiting party spins before it parks. */
    static final long SPIN_NS = 50_000;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicReferenceArray<Thread> parked;
    private volatile boolean sense;
    private volatile Throwable failure;

    SpinBarrier(int parties) {
        this.parties = parties;
        this.parked = new AtomicReferenceArray<>(parties);
    }

    /**
     * Waits for all parties.
     *
     * @param party      the caller's index in [0, parties)
     * @param localSense the caller's flag, flipped on every crossing
     * @return the caller's new flag
     */
    boolean await(int party, boolean localSense) {
        boolean next = !localSense;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            sense = next;
            wakeAll();
            return next;
        }
        long start = 0;
        for (int spins = 1; sense != next; spins++) {
            checkFailure();
            if ((spins & 63) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (start == 0) {
                start = now;
            } else if (now - start > SPIN_NS) {
                park(party, next);
                break;
            }
        }
        return next;
    }

    /** Parks until the barrier's sense is {@code next} (or a party failed); announces itself first, then re-checks. */
    private void park(int party, boolean next) {
        Thread me = Thread.currentThread();
        parked.set(party, me);
        try {
            // The releaser writes sense, then reads parked; this thread wrote parked, then reads sense: one of the two
            // sees the other's write, so a thread never parks after the release it waits for without being unparked.
            while (sense != next) {
                checkFailure();
                LockSupport.park(this);
            }
        } finally {
            parked.set(party, null);
        }
    }

    private void wakeAll() {
        for (int i = 0; i < parties; i++) {
            Thread t = parked.get(i);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void checkFailure() {
        if (failure != null) {
            throw new IllegalStateException("another thread failed", failure);
        }
    }

    /** Records the first failure and releases every waiting party. */
    void fail(Throwable t) {
        failure = t;
        wakeAll();
    }

    Throwable failure() {
        return failure;
    }
}
