package org.siren4j.core.cpu;

import java.util.IdentityHashMap;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.siren4j.core.Buf;

/**
 * GEMM on a team of {@link Workers}, each block a single-threaded BLAS call, so that a product has the same bits for
 * any number of threads. OpenBLAS's own threads split a product differently for each thread count, and its sums with
 * them: with OpenBLAS 0.3.19, 1, 2, 3, 4 and 8 threads gave five different results for every shape the engine uses, and
 * a PDE solve's model depended on OMP_NUM_THREADS (the launcher sets it to the cores: another machine, other bytes).
 * Here the blocks do not depend on the team: rows of C in blocks of {@link #BLOCK}; a product summed over many rows
 * (a weight gradient, C = A^T B) in chunks of {@link #CHUNK} rows, whose partial products are added in chunk order.
 * BLAS must run one thread a call meanwhile: the engine holds it so ({@link Blas#oneThread}) while it is open, since
 * setting the count allocates (ND4J), and a step allocates nothing once warm (per-worker pointer views into each
 * buffer, a scratch per precision that only grows).
 */
final class ParallelGemm {
    static final int BLOCK = 512, CHUNK = 2048;

    private final Workers workers;
    private final IdentityHashMap<Pointer, Pointer>[] views;
    private Buf scratch32, scratch64; // one per precision: a step's products come in both
    // the product in flight, read by the blocks
    private boolean transB;
    private int m, n, k, lda, ldb, ldc;
    private Buf a, b, c, out;
    private double beta;
    private final Workers.RangeTask rowBlocks = this::rowBlocks, sumChunks = this::sumChunks;

    @SuppressWarnings("unchecked")
    ParallelGemm(Workers workers) {
        this.workers = workers;
        views = new IdentityHashMap[workers.count()];
        for (int i = 0; i < views.length; i++) views[i] = new IdentityHashMap<>();
    }

    /** {@code C = op(A) op(B) + beta C}, row-major, as {@link Blas#gemm}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, Buf a, int lda, Buf b, int ldb, double beta, Buf c, int ldc) {
        this.transB = transB;
        this.m = m; this.n = n; this.k = k; this.lda = lda; this.ldb = ldb; this.ldc = ldc;
        this.a = a; this.b = b; this.c = c; this.beta = beta;
        {
            if (!transA) {
                workers.run((m + BLOCK - 1) / BLOCK, rowBlocks);
            } else if (!transB) {
                int chunks = (k + CHUNK - 1) / CHUNK;
                long need = (long) chunks * m * n;
                boolean single = c instanceof Buf.F32;
                Buf scratch = single ? scratch32 : scratch64;
                if (scratch == null || scratch.length < need) {
                    scratch = Buf.create(c.precision(), (int) Math.max(1, need / Math.max(1, n)) + 1, Math.max(1, n));
                    if (single) scratch32 = scratch;
                    else scratch64 = scratch;
                }
                out = scratch;
                workers.run(chunks, sumChunks);
                for (int i = 0; i < m; i++) // C = beta C + the chunks' products, added in chunk order
                    for (int j = 0; j < n; j++) {
                        double s = beta == 0 ? 0 : beta * c.get(i * ldc + j);
                        for (int q = 0; q < chunks; q++) s += scratch.get((q * m + i) * n + j);
                        c.set(i * ldc + j, s);
                    }
            } else {
                Blas.gemm(true, true, m, n, k, a, lda, b, ldb, beta, c, ldc); // no caller: one thread, the same bits
            }
        }
    }

    /** Blocks [from, to) of BLOCK rows of C = A B (A not transposed: its rows are C's). */
    private void rowBlocks(int from, int to, int worker, int unused) {
        for (int blk = from; blk < to; blk++) {
            int r0 = blk * BLOCK, rows = Math.min(BLOCK, m - r0);
            call(worker, false, transB, rows, n, k, a, (long) r0 * lda, lda, b, 0, ldb, beta, c, (long) r0 * ldc, ldc);
        }
    }

    /** Chunks [from, to) of CHUNK rows of A and B: the partial product A_q^T B_q into the scratch's q-th m x n slice. */
    private void sumChunks(int from, int to, int worker, int unused) {
        for (int q = from; q < to; q++) {
            int r0 = q * CHUNK, rows = Math.min(CHUNK, k - r0);
            call(worker, true, false, m, n, rows, a, (long) r0 * lda, lda, b, (long) r0 * ldb, ldb, 0, out, (long) q * m * n, n);
        }
    }

    private void call(int worker, boolean ta, boolean tb, int m, int n, int k, Buf a, long offA, int lda, Buf b, long offB, int ldb,
                      double beta, Buf c, long offC, int ldc) {
        Blas.gemmAt(ta, tb, m, n, k, view(worker, a, offA), lda, view(worker, b, offB), ldb, beta, view(worker, c, offC), ldc, c instanceof Buf.F32);
    }

    /** The worker's view of a buffer's memory from element {@code offset} (a view per worker: positions are per object). */
    private Pointer view(int worker, Buf buf, long offset) {
        Pointer base = Blas.pointer(buf);
        Pointer v = views[worker].get(base);
        if (v == null) {
            v = base instanceof FloatPointer fp ? new FloatPointer(fp) : new DoublePointer((DoublePointer) base);
            views[worker].put(base, v);
        }
        return v.position(offset);
    }
}
