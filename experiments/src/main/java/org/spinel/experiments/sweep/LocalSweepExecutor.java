package org.spinel.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs sweep points on a fixed pool of {@code parallel} threads. */
public final class LocalSweepExecutor implements SweepExecutor {
    private final int parallel;

    /** @param parallel points at once (&ge; 1) */
    public LocalSweepExecutor(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel = " + parallel + ": expected >= 1");
        }
        this.parallel = parallel;
    }

    @Override
    public void describe(com.fasterxml.jackson.databind.node.ObjectNode into) {
        into.put("executor", "local");
        into.put("parallel", parallel);
    }

    @Override
    public void execute(List<SweepPoint> points, Function<SweepPoint, PointResult> run, Consumer<PointResult> done) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "spinel-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (SweepPoint p : points) {
                fs.add(pool.submit(() -> done.accept(run.apply(p))));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sweep point failed outside its run: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
