package org.siren4j.core;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Raw element access to a preallocated ND4J array, for the hand-written kernels: ND4J's own elementwise
 * ops allocate and run an order of magnitude slower than a loop over the buffer (DESIGN.md, "Speed").
 * Float32 is the training type; float64 serves the oracle tests. Both views point at the array's native
 * memory, so BLAS calls and Java loops see the same numbers without copies.
 */
public abstract sealed class Buf permits Buf.F32, Buf.F64 {
    public final INDArray array;
    public final long length;

    private Buf(INDArray array) {
        if (array.isView() || array.ordering() != 'c')
            throw new IllegalArgumentException("kernels need a dense c-order array, not a view");
        this.array = array;
        this.length = array.length();
    }

    /** A new zeroed array of {@code rows x cols} with its raw view. */
    public static Buf create(DataType type, long rows, long cols) {
        return of(Nd4j.zeros(type, rows, cols));
    }

    public static Buf of(INDArray array) {
        return switch (array.dataType()) {
            case FLOAT -> new F32(array);
            case DOUBLE -> new F64(array);
            default -> throw new IllegalArgumentException("unsupported data type " + array.dataType());
        };
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public final void copyFrom(Buf other) {
        for (int i = 0; i < length; i++) set(i, other.get(i));
    }

    public final DataType type() { return array.dataType(); }

    public static final class F32 extends Buf {
        final FloatBuffer nio;
        final java.nio.ByteBuffer bytes;
        final FloatPointer ptr;

        F32(INDArray a) {
            super(a);
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
            super(a);
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
