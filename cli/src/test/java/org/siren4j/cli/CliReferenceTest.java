package org.siren4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is every command's help, generated from the picocli model, so no option goes undocumented. When a
 * command changes, {@code mvn test -pl cli -Dtest=CliReferenceTest -Dsiren.writeDocs=true} rewrites the page.
 */
class CliReferenceTest {
    static final Path PAGE = Path.of("..", "docs", "cli.md");

    static String reference() {
        StringBuilder md = new StringBuilder("# siren command reference\n\n"
                + "Generated from the command definitions by `CliReferenceTest` (which fails when this page is out of date).\n"
                + "Wrong arguments print one line and exit with code 2.\n");
        append(md, SirenCli.commandLine());
        return md.toString();
    }

    private static void append(StringBuilder md, CommandLine cl) {
        if (cl.getCommand() instanceof CommandLine.HelpCommand) return;
        cl.setUsageHelpWidth(110);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        md.append("\n## ").append(cl.getCommandSpec().qualifiedName()).append("\n\n```\n")
                .append(cl.getUsageMessage().stripTrailing()).append("\n```\n");
        for (CommandLine sub : cl.getSubcommands().values()) append(md, sub);
    }

    @Test
    void theReferencePageIsCurrent() throws Exception {
        String now = reference();
        if (Boolean.getBoolean("siren.writeDocs")) Files.writeString(PAGE, now);
        assertThat(Files.readString(PAGE)).as("docs/cli.md is out of date: rerun with -Dsiren.writeDocs=true").isEqualTo(now);
    }

    /** Every option the README shows in a command's synopsis is one of that command's: a README that names a removed option fails. */
    @Test
    void theReadmeNamesOnlyRealOptions() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        java.util.Map<String, String> sections = new java.util.HashMap<>();
        for (String part : reference().split("\n## ")) sections.put(part.substring(0, part.indexOf('\n')).strip(), part);
        Matcher m = Pattern.compile("`\\./siren ([a-z0-9]+)( [a-z][a-z-]*)?([^`]*)`").matcher(readme);
        int checked = 0;
        while (m.find()) {
            String name = "siren " + m.group(1) + (m.group(2) == null ? "" : m.group(2));
            String rest = m.group(3);
            if (!sections.containsKey(name)) { name = "siren " + m.group(1); rest = (m.group(2) == null ? "" : m.group(2)) + rest; }
            assertThat(sections).as("README names `./siren %s`", m.group(1)).containsKey(name);
            Matcher opt = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][a-z0-9-]*)").matcher(rest);
            while (opt.find()) {
                assertThat(sections.get(name)).as("README: `%s` shows %s", name, opt.group(1)).contains(opt.group(1));
                checked++;
            }
        }
        assertThat(checked).as("options checked").isGreaterThan(20);
    }
}
