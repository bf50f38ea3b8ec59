package org.siren4j.core.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Whether the vectorised float32 kernels can run: they need the JDK's incubating Vector API, which a JVM
 * has only when started with {@code --add-modules jdk.incubator.vector} (the launcher and the tests do).
 * Without it everything still works, on the scalar passes. This class touches no Vector API type, so it
 * loads on any JVM.
 */
public final class Vectors {
    private Vectors() {}

    /** True when the Vector API is present and the kernels initialise. */
    public static final boolean AVAILABLE = probe();

    /** Floats per vector (1 without the Vector API). */
    public static final int LANES = AVAILABLE ? VectorSine.L : 1;

    private static boolean probe() {
        String why;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            why = "this JVM was started without --add-modules jdk.incubator.vector";
        } else {
            try {
                if (VectorSine.L > 0) return true;
                why = "the Vector API reports no lanes";
            } catch (LinkageError e) {
                why = "the Vector API did not load (" + e + ")";
            }
        }
        // one line, once per JVM: a library user who forgot the flag gets a correct fit, slower, and knows why
        System.err.println("siren4j: warning: " + why + "; the kernels run scalar (correct, slower)");
        return false;
    }

    /** The entries of a row of {@code length} floats that whole vectors cover (0 without the Vector API). */
    public static int whole(int length) { return whole(length, LANES); }

    /** The entries of a row of {@code length} that whole vectors of {@code lanes} cover (0 without the Vector API). */
    static int whole(int length, int lanes) { return AVAILABLE ? length - length % lanes : 0; }

    /** A direct native-order buffer of floats, for small constants the kernels read like any other row. */
    public static ByteBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(1, floats) * 4).order(ByteOrder.nativeOrder());
    }

    /** Whether arrays of this length (a multiple of the vector length) take the vector kernels. */
    public static boolean supports(long length) { return AVAILABLE && length % LANES == 0; }
}
