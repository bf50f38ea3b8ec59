package org.siren4j.cli;

import java.io.PrintWriter;
import org.siren4j.cli.audio.DenoiseCommand;
import org.siren4j.cli.audio.FitCommand;
import org.siren4j.cli.audio.InfoCommand;
import org.siren4j.cli.audio.RestoreCommand;
import org.siren4j.cli.audio.PlotCommand;
import org.siren4j.cli.audio.RenderCommand;
import org.siren4j.cli.audio.ResampleCommand;
import org.siren4j.cli.host.HostCommand;
import org.siren4j.cli.host.Lv2Command;
import org.siren4j.cli.host.PluginsCommand;
import org.siren4j.cli.solve.SolveCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code siren} command: one subcommand per job. */
@Command(name = "siren", mixinStandardHelpOptions = true, versionProvider = SirenCli.Version.class,
        description = "Sinusoidal representation networks (SIRENs) for audio and wave physics.",
        subcommands = {DemoCommand.class, FitCommand.class, RenderCommand.class, ResampleCommand.class, DenoiseCommand.class, RestoreCommand.class, PlotCommand.class, InfoCommand.class,
                SolveCommand.class, HostCommand.class, PluginsCommand.class, Lv2Command.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class SirenCli implements Runnable {

    /** Bad input from the user: reported as one line, exit code 2. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) { super(message); }
    }

    @Override
    public void run() { CommandLine.usage(this, System.out); }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SirenCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("siren: " + ex.getMessage() + " (try --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof java.io.UncheckedIOException u) ex = u.getCause(); // a damaged checkpoint met mid-run
            if (ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException) {
                c.getErr().println("siren: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SirenCli.class.getPackage().getImplementationVersion();
            return new String[] {"siren4j " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
