package org.siren4j.core;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

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

    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            Buf a, int lda, Buf b, int ldb, double beta, Buf c, int ldc) {
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (c instanceof Buf.F32 cf) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1f, ((Buf.F32) a).ptr, lda,
                    ((Buf.F32) b).ptr, ldb, (float) beta, cf.ptr, ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, 1.0, ((Buf.F64) a).ptr, lda,
                    ((Buf.F64) b).ptr, ldb, beta, ((Buf.F64) c).ptr, ldc);
        }
    }
}
