package com.cmkverifier.testing.wire;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM of its own for a test's child process: this run's java and test classpath, and the
 * fakes' certificate store ({@link TestCertificate#export}) so that the child's clients trust them.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Runs {@code main} with {@code args}, after the JVM {@code flags}. */
    public static List<String> command(Path keyStore, List<String> flags, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-D" + TestCertificate.SHARED_STORE + "=" + keyStore);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }
}
