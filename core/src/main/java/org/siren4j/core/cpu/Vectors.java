package org.siren4j.core.cpu;

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
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VectorSine.L > 0;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether arrays of this length (a multiple of the vector length) take the vector kernels. */
    public static boolean supports(long length) { return AVAILABLE && length % LANES == 0; }
}
