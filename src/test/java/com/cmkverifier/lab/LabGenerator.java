package com.cmkverifier.lab;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the bundled sample lab ({@code lab --out samples/lab}) or synthetic evidence of a given size for
 * benchmarks ({@code synthetic --out DIR --size-mb N}). Both are deterministic: the same arguments give the
 * same bytes.
 */
@Command(name = "lab-generator", mixinStandardHelpOptions = true,
        description = "Writes the cmk-verifier sample lab or synthetic evidence.")
public final class LabGenerator {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabGenerator()).execute(args));
    }

    @Command(name = "lab", description = "Write the sample lab (registry, key metadata, audit logs).")
    int lab(@Option(names = "--out", required = true, description = "output directory") Path out) {
        LabWriter.write(SampleLab.build(), out);
        System.err.println("sample lab written to " + out);
        return 0;
    }

    @Command(name = "synthetic", description = "Write archive-format evidence of about --size-mb megabytes.")
    int synthetic(@Option(names = "--out", required = true, description = "output directory") Path out,
                  @Option(names = "--size-mb", required = true, description = "approximate size of the audit logs")
                  double sizeMb,
                  @Option(names = "--resources", defaultValue = "2000", description = "registered resources")
                  int resources,
                  @Option(names = "--vaults", defaultValue = "20", description = "key vaults") int vaults,
                  @Option(names = "--seed", defaultValue = "42", description = "random seed") long seed)
            throws IOException {
        SyntheticEvidence.Settings settings;
        try {
            settings = new SyntheticEvidence.Settings((long) (sizeMb * 1_000_000), resources, vaults, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.subcommands().get("synthetic"), e.getMessage());
        }
        new SyntheticEvidence(settings, System.err).write(out);
        System.err.println("synthetic evidence written to " + out);
        return 0;
    }
}
