package org.spinel.networks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.spinel.networks.Network;
import org.spinel.results.Recording;

/**
 * The step barrier blocks instead of spinning when a party is late, so that threads sharing cores with each other or
 * with other processes do not collapse; results stay identical for any thread count, more threads than cores
 * included.
 */
class SpinBarrierTest {
    /**
     * A party that waits for a late one parks (thread state WAITING) instead of spinning or yielding (RUNNABLE), so
     * that the core goes to the party it waits for, and it is released when that one arrives.
     */
    @Test
    void aWaitingPartyParksInsteadOfSpinning() throws Exception {
        SpinBarrier b = new SpinBarrier(2);
        AtomicReference<Boolean> sense = new AtomicReference<>();
        Thread waiter = new Thread(() -> sense.set(b.await(1, false)));
        waiter.start();
        Thread.State state = waiter.getState();
        for (long end = System.nanoTime() + 5_000_000_000L; state != Thread.State.WAITING && System.nanoTime() < end; ) {
            Thread.sleep(10);
            state = waiter.getState();
        }
        assertEquals(Thread.State.WAITING, state, "a party waiting for seconds must park");
        Thread.sleep(100);
        assertEquals(Thread.State.WAITING, waiter.getState(), "and stay parked until the last party arrives");
        assertEquals(true, b.await(0, false));
        waiter.join(10_000);
        assertEquals(true, sense.get(), "the waiting party was released with the new sense");
    }

    /** Many parties, crossings where some parked and some did not: every crossing sees every party's phase-A write. */
    @Test
    void partiesCrossTogetherWhetherTheySpinOrPark() throws Exception {
        int parties = 8;
        int rounds = 400;
        SpinBarrier b = new SpinBarrier(parties);
        int[][] written = new int[parties][1];
        AtomicInteger errors = new AtomicInteger();
        Thread[] ts = new Thread[parties];
        for (int p = 0; p < parties; p++) {
            int party = p;
            ts[p] = new Thread(() -> {
                boolean sense = false;
                for (int r = 1; r <= rounds; r++) {
                    if (party == r % parties && r % 50 == 0) {
                        try {
                            Thread.sleep(2); // late: the others park
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    written[party][0] = r;
                    sense = b.await(party, sense);
                    for (int q = 0; q < parties; q++) {
                        if (written[q][0] < r) {
                            errors.incrementAndGet();
                        }
                    }
                    sense = b.await(party, sense); // nobody writes round r + 1 before all have read round r
                }
            });
        }
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (Thread t : ts) {
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
        });
        assertEquals(0, errors.get(), "a party crossed before another had written its round");
    }

    /** A failing party releases the parked ones, which leave with the failure as cause. */
    @Test
    void aFailureReleasesParkedParties() throws Exception {
        SpinBarrier b = new SpinBarrier(3);
        AtomicReference<Throwable> seen1 = new AtomicReference<>();
        AtomicReference<Throwable> seen2 = new AtomicReference<>();
        Thread t1 = new Thread(() -> {
            try {
                b.await(1, false);
            } catch (Throwable t) {
                seen1.set(t);
            }
        });
        Thread t2 = new Thread(() -> {
            try {
                b.await(2, false);
            } catch (Throwable t) {
                seen2.set(t);
            }
        });
        t1.start();
        t2.start();
        Thread.sleep(100); // both parked by now
        RuntimeException cause = new RuntimeException("party 0 broke");
        b.fail(cause);
        t1.join(10_000);
        t2.join(10_000);
        assertInstanceOf(IllegalStateException.class, seen1.get());
        assertEquals(cause, seen1.get().getCause());
        assertEquals(cause, seen2.get().getCause());
    }

    /** 1, 2, 3 and 16 threads (16 on however few cores) give the same spike trains, events and state. */
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
                    s.run(200);
                    assertEquals(threads, s.threads());
                    assertEquals(events, s.synapticEvents(), threads + " threads: synaptic events");
                    assertEquals(ref.spikes("E"), s.recording().spikes("E"), threads + " threads: E spikes");
                    assertEquals(ref.spikes("I"), s.recording().spikes("I"), threads + " threads: I spikes");
                }
            }, threads + " threads did not finish");
        }
    }
}
