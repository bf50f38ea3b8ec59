package org.siren4j.core.cpu;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;
import org.siren4j.core.Buf;

/**
 * Row-major GEMM straight into preallocated buffers: {@code C = op(A) op(B) + beta C}. Calling CBLAS on the
 * arrays' own memory never allocates, where {@code INDArray.mmul} allocates its result and runs at a
 * third of the rate (DESIGN.md).
 */
public final class Blas {
    private Blas() {}

    static {
        // ND4J loads the same OpenBLAS; make sure its natives are up before the first call
        Nd4j.getBackend();
    }

    /** Threads OpenBLAS uses per call (ND4J's setting, which is OpenBLAS's). */
    public static int threads() { return Nd4j.factory().blas().getMaxThreads(); }

    public static void setThreads(int threads) { Nd4j.factory().blas().setMaxThreads(threads); }

    private static int holds, savedThreads;

    /** A hold on BLAS's thread count, released by closing it. */
    public interface Hold extends AutoCloseable {
        @Override void close();
    }

    /**
     * BLAS held to one thread per call until the hold is closed: for work that runs its own threads, one per core, each
     * making small calls (many models, many windows). Besides not oversubscribing the cores, the numbers then do not
     * depend on OMP_NUM_THREADS (OpenBLAS splits a product differently with more threads: restoring one file gave
     * other bytes with 1 thread than with 2). The setting is process-wide and holds may overlap (a batch works on
     * several files at once): the first hold saves the count, the last one released restores it.
     */
    public static synchronized Hold oneThread() {
        if (holds++ == 0) {
            savedThreads = threads();
            setThreads(1);
        }
        return () -> {
            synchronized (Blas.class) {
                if (--holds == 0) setThreads(savedThreads);
            }
        };
    }

    /** {@link #gemm} on raw memory: pointers positioned at each matrix's first element (float or double). */
    static void gemmAt(boolean transA, boolean transB, int m, int n, int k, org.bytedeco.javacpp.Pointer a, int lda,
                       org.bytedeco.javacpp.Pointer b, int ldb, double beta, org.bytedeco.javacpp.Pointer c, int ldc, boolean single) {
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (single)
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1f, (org.bytedeco.javacpp.FloatPointer) a, lda,
                    (org.bytedeco.javacpp.FloatPointer) b, ldb, (float) beta, (org.bytedeco.javacpp.FloatPointer) c, ldc);
        else
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1.0, (org.bytedeco.javacpp.DoublePointer) a, lda,
                    (org.bytedeco.javacpp.DoublePointer) b, ldb, beta, (org.bytedeco.javacpp.DoublePointer) c, ldc);
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            Buf a, int lda, Buf b, int ldb, double beta, Buf c, int ldc) {
        gemmAt(transA, transB, m, n, k, pointer(a), lda, pointer(b), ldb, beta, pointer(c), ldc, c instanceof Buf.F32);
    }

    /** The buffer's native memory from its first element. */
    static org.bytedeco.javacpp.Pointer pointer(Buf b) { return b instanceof Buf.F32 f ? f.pointer() : ((Buf.F64) b).pointer(); }
}
