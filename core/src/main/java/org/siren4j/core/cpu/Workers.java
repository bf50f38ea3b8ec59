package org.siren4j.core.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that shares a range of rows with the caller. Unlike a parallel stream it
 * allocates nothing per call, which keeps the training step garbage-free. The range is cut into {@link #BLOCKS}
 * blocks (fewer for a short range) that the threads claim as they go, so when another process holds a core the
 * threads that do run take over its share instead of waiting for it. Idle threads park (no spinning).
 */
public final class Workers implements AutoCloseable {
    /**
     * Body of a parallel loop over {@code [from, to)}; {@code worker} indexes per-thread scratch, {@code block}
     * (below {@link #maxBlocks()}) per-block sums: the blocks cut a range the same way whoever runs them,
     * so sums kept per block and added in block order give the same bits on every run.
     */
    @FunctionalInterface
    public interface RangeTask { void run(int from, int to, int worker, int block); }

    private final int count;
    private final Thread[] threads;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger nextBlock = new AtomicInteger();
    private volatile int blocks;
    private volatile RangeTask task;
    private volatile int total;
    private volatile long generation;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    public Workers(int count) {
        this.count = Math.max(1, count);
        threads = new Thread[this.count - 1];
        for (int i = 0; i < threads.length; i++) {
            final int id = i + 1;
            threads[i] = new Thread(() -> loop(id), "siren-worker-" + id);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Worker count from {@code SIREN_THREADS}, else the number of cores. */
    public static int defaultCount() {
        String env = System.getenv("SIREN_THREADS");
        if (env != null && !env.isBlank()) {
            try { return Math.max(1, Integer.parseInt(env.trim())); } catch (NumberFormatException ignored) { }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public int count() { return count; }

    /**
     * The blocks one {@link #run} cuts its range into, at most, whatever the team's size: sums kept per block and added
     * in block order then have the same bits for any number of threads (with four blocks a thread, a solve's model
     * differed between SIREN_THREADS=2 and 3).
     */
    public static final int BLOCKS = 64;

    public int maxBlocks() { return BLOCKS; }

    public void run(int n, RangeTask body) {
        int cut = Math.min(n, BLOCKS);
        if (count == 1 || cut < 2) { // the same blocks, on the caller
            if (cut == 0) body.run(0, n, 0, 0);
            for (int k = 0; k < cut; k++) body.run((int) ((long) n * k / cut), (int) ((long) n * (k + 1) / cut), 0, k);
            return;
        }
        task = body;
        total = n;
        blocks = cut;
        nextBlock.set(0);
        caller = Thread.currentThread();
        failure = null;
        pending.set(count - 1);
        generation++;
        for (Thread t : threads) LockSupport.unpark(t);
        try {
            claimBlocks(body, 0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        while (pending.get() > 0) LockSupport.park(this);
        task = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException(f);
        }
    }

    private void loop(int id) {
        long seen = 0;
        while (!closed) {
            long g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            try {
                claimBlocks(task, id);
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    private void claimBlocks(RangeTask body, int worker) {
        int n = total, b = blocks;
        for (int k = nextBlock.getAndIncrement(); k < b; k = nextBlock.getAndIncrement())
            body.run((int) ((long) n * k / b), (int) ((long) n * (k + 1) / b), worker, k);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) LockSupport.unpark(t);
    }
}
