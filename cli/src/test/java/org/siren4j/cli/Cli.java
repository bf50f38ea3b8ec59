package org.siren4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the `siren` command in this JVM, as the launcher would, and keeps its exit code and both streams. */
final class Cli {
    private Cli() {}

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = SirenCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        cl.setOut(new PrintWriter(picocliOut, true));
        System.setOut(new PrintStream(out, true));
        try {
            int code = cl.execute(args);
            return new Run(code, picocliOut + out.toString(), err.toString());
        } finally {
            System.setOut(saved);
        }
    }
}
