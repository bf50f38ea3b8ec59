package org.siren4j.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.siren4j.core.Objective;
import org.siren4j.core.SirenModel;
import org.siren4j.core.cpu.Blas;
import org.siren4j.core.cpu.FusedEngine;
import org.siren4j.core.cpu.Workers;

/**
 * Trains K independent models (the segments of a clip, say) at once. A small net's step is too short to
 * share between cores (a 64-wide layer's GEMM on 11k points takes ~1 ms, about what the hand-offs
 * between BLAS threads and the elementwise threads cost), so instead each core trains whole models: one
 * thread per core, each with its own single-threaded engine, BLAS held to one thread meanwhile. Each
 * model gets exactly the training it would get alone on a one-thread engine.
 */
public final class ManyModels {
    private ManyModels() {}

    /** Which model reports, and its progress. */
    public interface Listener {
        void onProgress(int model, Trainer.Progress p);

        default void onDone(int model, Trainer.Result r) {}
    }

    /**
     * Trains {@code models.get(i)} on {@code objectives.get(i)}, every one with {@code cfg}, on
     * {@code threads} threads (0: one per core). Returns the results in model order.
     */
    public static List<Trainer.Result> train(List<SirenModel> models, List<Objective> objectives, Trainer.Config cfg,
                                             int threads, Listener listener) {
        return train(models, objectives, java.util.Collections.nCopies(models.size(), cfg), threads, listener);
    }

    /** As above, each model with its own config (its own metric and target, say). */
    public static List<Trainer.Result> train(List<SirenModel> models, List<Objective> objectives, List<Trainer.Config> cfgs,
                                             int threads, Listener listener) {
        if (models.size() != objectives.size() || models.size() != cfgs.size())
            throw new IllegalArgumentException(models.size() + " models, " + objectives.size() + " objectives, " + cfgs.size() + " configs");
        for (Trainer.Config cfg : cfgs)
            if (cfg.checkpoint != null) throw new IllegalArgumentException("one checkpoint file cannot hold many models: checkpoint each session instead");
        int k = models.size();
        int t = Math.max(1, Math.min(k, threads > 0 ? threads : Workers.defaultCount()));
        Trainer.Result[] results = new Trainer.Result[k];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Blas.Hold blas = Blas.oneThread()) {
            List<Thread> team = new ArrayList<>();
            for (int w = 0; w < t; w++) {
                Thread th = new Thread(() -> {
                    try (FusedEngine engine = new FusedEngine(new Workers(1))) {
                        for (int i = next.getAndIncrement(); i < k && failure.get() == null; i = next.getAndIncrement()) {
                            final int id = i;
                            results[i] = new Trainer(engine).train(models.get(i), objectives.get(i), cfgs.get(i), new Trainer.Listener() {
                                @Override public void onProgress(Trainer.Progress p) { listener.onProgress(id, p); }
                            });
                            listener.onDone(i, results[i]);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "siren-model-" + w);
                team.add(th);
                th.start();
            }
            for (Thread th : team) th.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training models", e);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error e) throw e;
        if (f != null) throw new IllegalStateException(f);
        return List.of(results);
    }
}
