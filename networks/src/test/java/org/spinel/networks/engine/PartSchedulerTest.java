package org.spinel.networks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.results.Recording;

/**
 * The step scheduler of the Java backend: every part of an interval before the next one, whichever threads run them;
 * a thread that is not running holds up nobody; a waiting thread parks instead of spinning; a failure stops the crew;
 * results are identical for any thread count, more threads than cores included.
 */
class PartSchedulerTest {
    /** Each part stamps the interval it ran; in interval g every part must see every stamp at g - 1. */
    private static final class Stamps implements PartScheduler.Unit {
        final long[] stamp;
        final AtomicInteger early = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();

        Stamps(int parts) {
            stamp = new long[parts];
            java.util.Arrays.fill(stamp, -1);
        }

        @Override
        public void run(int part, long interval) {
            for (long s : stamp) {
                if (s < interval - 1) {
                    early.incrementAndGet();
                }
            }
            stamp[part] = interval;
            runs.incrementAndGet();
        }
    }

    @Test
    void aSingleRunningThreadDoesEveryPartOfEveryInterval() {
        Stamps u = new Stamps(4);
        PartScheduler s = new PartScheduler(4, 99, 4, u); // a crew of 4 of which only one ever runs
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> s.work(0));
        assertEquals(4 * 100, u.runs.get());
        assertEquals(0, u.early.get());
        assertEquals(99, u.stamp[3]);
    }

    @Test
    void manyThreadsWithSlowPartsNeverStartAnIntervalEarly() throws Exception {
        int parts = 8;
        Stamps stamps = new Stamps(parts);
        PartScheduler s = new PartScheduler(parts, 299, parts, (part, g) -> {
            if (g % 50 == 0 && part == (int) (g / 50) % parts) {
                try {
                    Thread.sleep(2); // a slow part: the others park
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stamps.run(part, g);
        });
        Thread[] crew = new Thread[parts];
        for (int m = 0; m < parts; m++) {
            int member = m;
            crew[m] = new Thread(() -> s.work(member));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (Thread t : crew) {
                t.start();
            }
            for (Thread t : crew) {
                t.join();
            }
        });
        assertEquals(parts * 300, stamps.runs.get(), "every part of every interval ran once");
        assertEquals(0, stamps.early.get(), "a part ran before another part of the previous interval");
    }

    /** A thread with nothing to claim while a part runs long parks (WAITING), not spins or yields (RUNNABLE). */
    @Test
    void aWaitingThreadParksInsteadOfSpinning() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        PartScheduler s = new PartScheduler(1, 0, 2, (part, g) -> {
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread holder = new Thread(() -> s.work(0));
        holder.start();
        running.await();
        Thread waiter = new Thread(() -> s.work(1));
        waiter.start();
        Thread.State state = waiter.getState();
        for (long end = System.nanoTime() + 5_000_000_000L; state != Thread.State.WAITING && System.nanoTime() < end; ) {
            Thread.sleep(10);
            state = waiter.getState();
        }
        assertEquals(Thread.State.WAITING, state, "a thread waiting for seconds must park");
        Thread.sleep(100);
        assertEquals(Thread.State.WAITING, waiter.getState(), "and stay parked until the interval advances");
        finish.countDown();
        holder.join(10_000);
        waiter.join(10_000);
        assertTrue(!waiter.isAlive() && !holder.isAlive(), "both leave once the last interval is done");
    }

    /** A failing part releases the parked threads; the failure is reported and no later interval runs. */
    @Test
    void aFailureReleasesParkedThreadsAndStopsTheCrew() throws Exception {
        RuntimeException cause = new RuntimeException("part 0 broke");
        AtomicInteger later = new AtomicInteger();
        PartScheduler s = new PartScheduler(3, 10, 3, (part, g) -> {
            if (g > 0) {
                later.incrementAndGet();
            }
            if (part == 0) {
                try {
                    Thread.sleep(100); // the others have finished their parts and parked
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw cause;
            }
        });
        Thread[] crew = new Thread[3];
        for (int m = 0; m < 3; m++) {
            int member = m;
            crew[m] = new Thread(() -> s.work(member));
            crew[m].start();
        }
        for (Thread t : crew) {
            t.join(10_000);
            assertTrue(!t.isAlive(), "a crew thread is still waiting after the failure");
        }
        assertSame(cause, s.failure());
        assertEquals(0, later.get(), "an interval ran after the failure");
    }

    /** 1, 2, 3 and 16 threads (16 on however few cores) give the same spike trains and events. */
    @Test
    void resultsAreIdenticalForAnyThreadCountIncludingMoreThanCores() {
        Network net = JavaEngineTest.randomNet(11);
        Recording ref;
        long events;
        try (Simulation s = Backends.get("java").compile(net, SimulationOptions.threads(1))) {
            s.run(200);
            ref = s.recording();
            events = s.synapticEvents();
        }
        assertTrue(ref.spikes("E").count() > 100, "network should be active: " + ref.spikes("E").count());
        for (int threads : new int[] {2, 3, 16}) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                try (Simulation s = Backends.get("java").compile(net, SimulationOptions.threads(threads))) {
                    s.run(100);
                    s.run(100); // two runs: the crew is made anew per run
                    assertEquals(threads, s.threads());
                    assertEquals(events, s.synapticEvents(), threads + " threads: synaptic events");
                    assertEquals(ref.spikes("E"), s.recording().spikes("E"), threads + " threads: E spikes");
                    assertEquals(ref.spikes("I"), s.recording().spikes("I"), threads + " threads: I spikes");
                }
            }, threads + " threads did not finish");
        }
    }
}
