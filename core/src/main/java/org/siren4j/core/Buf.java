package org.siren4j.core;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense row-major array in native memory (allocated by ND4J, which stays private here) with raw element
 * access for the hand-written kernels: ND4J's own elementwise
 * ops allocate and run an order of magnitude slower than a loop over the buffer (DESIGN.md, "Speed").
 * Float32 is the training type; float64 serves the oracle tests. Both views point at the array's native
 * memory, so BLAS calls and Java loops see the same numbers without copies.
 */
public abstract sealed class Buf permits Buf.F32, Buf.F64 {
    /** Owns the native memory; kept private so that ND4J stays behind core's own types. */
    private final INDArray array;
    private final Precision precision;
    private final int rows, cols;
    public final long length;

    private Buf(INDArray array, Precision precision) {
        this.array = array;
        this.precision = precision;
        this.rows = (int) array.rows();
        this.cols = (int) array.columns();
        this.length = array.length();
    }

    /** A new zeroed {@code rows x cols} row-major array in native memory. */
    public static Buf create(Precision precision, long rows, long cols) {
        INDArray a = Nd4j.zeros(precision.nd4j, rows, cols);
        return precision == Precision.FLOAT32 ? new F32(a) : new F64(a);
    }

    /** A zeroed array of the same shape and precision (a gradient for this parameter, say). */
    public final Buf zerosLike() { return create(precision, rows, cols); }

    public final int rows() { return rows; }

    public final int cols() { return cols; }

    /** The values as doubles, row-major (a copy). */
    public final double[] toDoubles() {
        double[] out = new double[Math.toIntExact(length)];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public final void copyFrom(Buf other) {
        for (int i = 0; i < length; i++) set(i, other.get(i));
    }

    public final Precision precision() { return precision; }

    public static final class F32 extends Buf {
        final FloatBuffer nio;
        final java.nio.ByteBuffer bytes;
        final FloatPointer ptr;

        F32(INDArray a) {
            super(a, Precision.FLOAT32);
            ptr = new FloatPointer(a.data().addressPointer());
            bytes = ptr.capacity(length).asByteBuffer().order(ByteOrder.nativeOrder());
            nio = bytes.asFloatBuffer();
        }

        @Override public double get(int i) { return nio.get(i); }

        @Override public void set(int i, double v) { nio.put(i, (float) v); }

        public FloatBuffer nio() { return nio; }

        /** The native memory as bytes in native order, for the vector kernels. */
        public java.nio.ByteBuffer nativeBytes() { return bytes; }

        /** The native memory, for BLAS. */
        public FloatPointer pointer() { return ptr; }
    }

    public static final class F64 extends Buf {
        final DoubleBuffer nio;
        final java.nio.ByteBuffer bytes;
        final DoublePointer ptr;

        F64(INDArray a) {
            super(a, Precision.FLOAT64);
            ptr = new DoublePointer(a.data().addressPointer());
            bytes = ptr.capacity(length).asByteBuffer().order(ByteOrder.nativeOrder());
            nio = bytes.asDoubleBuffer();
        }

        /** The native memory as bytes in native order, for the vector kernels. */
        public java.nio.ByteBuffer nativeBytes() { return bytes; }

        @Override public double get(int i) { return nio.get(i); }

        @Override public void set(int i, double v) { nio.put(i, v); }

        /** The native memory, for BLAS. */
        public DoublePointer pointer() { return ptr; }
    }
}
