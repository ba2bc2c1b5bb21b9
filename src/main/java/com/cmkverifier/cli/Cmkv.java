package com.cmkverifier.cli;

import com.cmkverifier.registry.RegistryException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code cmkv} command line: verify, sweep and demo on offline evidence or live Azure. */
@Command(name = "cmkv", mixinStandardHelpOptions = true, versionProvider = Cmkv.Version.class,
        description = "Proves that Customer Managed Keys are really in use, from Key Vault metadata and audit logs.",
        subcommands = {VerifyCommand.class, SweepCommand.class, DemoCommand.class, ActivityCommand.class,
                ProbeCommand.class, VersionsCommand.class},
        footer = {"", "Exit codes: 0 all VERIFIED or WARNING, 1 any FAILED, 3 any INCONCLUSIVE and none FAILED,"
                + " 2 usage or input error."})
public final class Cmkv {

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line; returns the exit code. Never throws, never prints a stack trace. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** @param factory builds the subcommands; tests pass one that points the probe at local fakes */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new Cmkv(), factory).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("cmkv: " + e.getMessage());
            err.println("Try 'cmkv " + (e.getCommandLine().getCommandName().equals("cmkv") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof RegistryException) {
                err.println("cmkv: registry: " + e.getMessage());
            } else if (e instanceof UsageException || e instanceof IllegalArgumentException) {
                err.println("cmkv: " + e.getMessage());
            } else {
                err.println("cmkv: internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            return ExitCode.USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cmkv.class.getPackage().getImplementationVersion();
            return new String[] {"cmkv " + (v == null ? "development build" : v)};
        }
    }
}
