package org.siren4j.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The tests' access to system programs (jackd, LV2 hosts, Ardour, gcc): whether one is there, and running one
 * to its end with a time limit that holds. Output goes to a file, never a pipe read before {@code waitFor}, so a
 * hung program is killed at its limit instead of hanging the build.
 */
final class SystemPrograms {
    private SystemPrograms() {}

    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }

    /** Fails under CI (where .ci/run installs what the tests need), skips the test elsewhere, naming what is missing. */
    static void need(boolean ok, String why) {
        if (ok) return;
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + ": .ci/run installs it");
        Assumptions.abort(why + ": test skipped");
    }

    /** {@link #need(boolean, String)} for programs, naming the Debian package(s) that bring them. */
    static void needPrograms(String packages, String... programs) {
        for (String p : programs) need(onPath(p), p + " is not installed (Debian package " + packages + ")");
    }

    record Result(int code, String output) {}

    /** Runs a program to its end (stdout and stderr together); a program still running after {@code seconds} is killed and fails the test. */
    static Result exec(long seconds, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("siren-test-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " still running after " + seconds + " s, killed: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A program's output, whatever its exit code. */
    static String output(long seconds, String... cmd) throws IOException, InterruptedException { return exec(seconds, Map.of(), cmd).output(); }

    /** A program's output; any exit code but 0 fails the test with that output. */
    static String run(long seconds, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Result r = exec(seconds, env, cmd);
        if (r.code() != 0) throw new AssertionError(String.join(" ", cmd) + " exited with " + r.code() + ": " + r.output());
        return r.output();
    }
}
