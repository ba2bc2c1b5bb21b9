package com.cmkverifier.cli;

import com.cmkverifier.evidence.signin.AzureSignIn;
import com.cmkverifier.registry.RegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The {@code cmkv} command line: verify, sweep and demo on offline evidence or live Azure. */
@Command(name = "cmkv", mixinStandardHelpOptions = true, versionProvider = Cmkv.Version.class,
        description = "Proves that Customer Managed Keys are really in use, from Key Vault metadata and audit logs.",
        subcommands = {VerifyCommand.class, SweepCommand.class, DemoCommand.class, ActivityCommand.class,
                DiscoverCommand.class, ProbeCommand.class, VersionsCommand.class},
        footer = {"", Cmkv.EXIT_CODES})
public final class Cmkv {

    /** The help footer of cmkv and of every verifying subcommand, where scripts look for it. */
    static final String EXIT_CODES = "Exit codes: 0 all VERIFIED or WARNING, 1 any FAILED, 3 any INCONCLUSIVE and"
            + " none FAILED, 2 usage, input or environment error (such as no usable Azure sign-in), 4 internal error"
            + " (a bug).";

    /** Picocli accepts it on every subcommand; {@link #run} reads it before any SDK class logs. */
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the Azure SDK's log (retries, sign-in attempts) on stderr.")
    boolean verbose;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line; returns the exit code. Never throws, never prints a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** @param factory creates the commands and their options; tests give the live evidence a credential */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        return run(new CommandLine(new Cmkv(), factory), args, out, err);
    }

    static int run(CommandLine commandLine, String[] args, PrintWriter out, PrintWriter err) {
        // The SLF4J simple binding reads its level once, when the SDK first logs: quiet unless asked.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                Arrays.asList(args).contains("--verbose") ? "debug" : "off");
        CommandLine cli = commandLine.setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
        // One line, as for every other usage error, so that scripts can show it whole.
        cli.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            err.println("cmkv: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ") + " (see 'cmkv "
                    + (command.equals("cmkv") ? "" : command + " ") + "--help')");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof RegistryException r) {
                err.println("cmkv: " + registryMessage(r));
            } else if (e instanceof UsageException || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException || e instanceof AzureSignIn.Unavailable) {
                err.println("cmkv: " + e.getMessage());
            } else {
                err.println("cmkv: internal error (a bug, please report it): " + e.getClass().getSimpleName()
                        + "; " + ErrorDetails.details(e));
                return ExitCode.INTERNAL;
            }
            return ExitCode.USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Entry errors get the word "registry" in front; file errors already start with it. */
    private static String registryMessage(RegistryException e) {
        boolean aboutTheFile = e.errors().stream().allMatch(f -> f.field().equals("registry"));
        return aboutTheFile ? e.getMessage() : "registry: " + e.getMessage();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cmkv.class.getPackage().getImplementationVersion();
            return new String[] {"cmkv " + (v == null ? "development build" : v)};
        }
    }
}
