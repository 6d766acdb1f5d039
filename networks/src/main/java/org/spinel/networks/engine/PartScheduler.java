package org.spinel.networks.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs intervals {@code 0..last} of per-part work on a crew of threads, interval {@code g + 1} only after every part
 * of interval {@code g}: a barrier at which parts, not threads, are counted. Each interval's parts are claimed by
 * whichever crew threads are running (one atomic word holds the interval and its next unclaimed part), so a thread
 * that the operating system has descheduled holds up nobody unless it holds a claimed part: on cores shared with
 * other processes the running threads do the work of the others. A thread with nothing left to claim spins for at
 * most {@link #SPIN_NS}, then parks until the interval advances. Which thread runs a part never changes what the part
 * computes, so results do not depend on the crew.
 *
 * <p>The previous barrier counted threads and only spun and yielded: a waiting thread kept its core while the thread
 * it waited for was descheduled, so 2 threads beside other CPU-bound processes ran 12x slower than 1, and 1000
 * threads on 2 cores never finished.
 */
final class PartScheduler {
    /** How long a thread with nothing to claim spins before it parks. */
    static final long SPIN_NS = 50_000;

    /** The work of one part in one interval. */
    interface Unit {
        /**
         * Runs part {@code part} of interval {@code interval}.
         *
         * @param part     in [0, parts)
         * @param interval in [0, last]
         */
        void run(int part, long interval);
    }

    private final int parts;
    private final long last;
    private final Unit unit;
    /** {@code interval * (parts + 1) + claimed}: claimed = parts once every part of the interval is taken. */
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReferenceArray<Thread> parked;
    private volatile Throwable failure;

    /**
     * @param parts parts per interval (&ge; 1)
     * @param last  the last interval (&ge; 0)
     * @param crew  the number of threads that will call {@link #work}
     * @param unit  the work
     */
    PartScheduler(int parts, long last, int crew, Unit unit) {
        this.parts = parts;
        this.last = last;
        this.unit = unit;
        this.parked = new AtomicReferenceArray<>(crew);
    }

    /**
     * Claims and runs parts until every interval is done or a part failed; called by each crew thread.
     *
     * @param member the caller's index in the crew
     */
    void work(int member) {
        long stride = parts + 1L;
        while (failure == null) {
            long s = state.get();
            long interval = s / stride;
            if (interval > last) {
                return;
            }
            int part = (int) (s - interval * stride);
            if (part == parts) {
                await(member, interval);
            } else if (state.compareAndSet(s, s + 1)) {
                try {
                    unit.run(part, interval);
                } catch (Throwable t) {
                    fail(t);
                    return;
                }
                if (done.incrementAndGet() == parts) {
                    done.set(0); // before the interval advances: nobody finishes a part of the next one before
                    state.set((interval + 1) * stride);
                    wakeAll();
                }
            }
        }
    }

    /** Waits until the interval is past {@code interval} (or a part failed): spins briefly, then parks. */
    private void await(int member, long interval) {
        long stride = parts + 1L;
        long start = System.nanoTime();
        for (int spins = 1; state.get() / stride == interval && failure == null; spins++) {
            if ((spins & 63) != 0) {
                Thread.onSpinWait();
            } else if (System.nanoTime() - start > SPIN_NS) {
                parked.set(member, Thread.currentThread());
                try {
                    // The advancing thread writes state, then reads parked; this one wrote parked, then reads state:
                    // one of the two sees the other's write, so no thread stays parked past the advance it waits for.
                    while (state.get() / stride == interval && failure == null) {
                        LockSupport.park(this);
                    }
                } finally {
                    parked.set(member, null);
                }
                return;
            }
        }
    }

    private void wakeAll() {
        for (int i = 0; i < parked.length(); i++) {
            Thread t = parked.get(i);
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Records the first failure and releases every waiting thread; the others stop after their current part. */
    void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        wakeAll();
    }

    /** The first failure of a part, or null. */
    Throwable failure() {
        return failure;
    }
}
