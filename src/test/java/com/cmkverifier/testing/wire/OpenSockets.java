package com.cmkverifier.testing.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Counts established TCP connections on a local port from Linux's {@code /proc/net/tcp} and {@code tcp6}, so a
 * leak test sees the sockets the kernel holds, not what a client library claims to have closed.
 */
final class OpenSockets {

    /** The kernel's code for ESTABLISHED in the {@code st} column. */
    private static final String ESTABLISHED = "01";

    private OpenSockets() {
    }

    /** Server-side connections established on {@code port}; -1 when the tables cannot be read. */
    static int established(int port) {
        Path v4 = Path.of("/proc/net/tcp");
        if (!Files.isReadable(v4)) {
            return -1;
        }
        String local = String.format(Locale.ROOT, ":%04X", port);
        int n = 0;
        for (Path table : List.of(v4, Path.of("/proc/net/tcp6"))) {
            n += count(table, local);
        }
        return n;
    }

    private static int count(Path table, String localPortSuffix) {
        if (!Files.isReadable(table)) {
            return 0;
        }
        try {
            // Columns: sl local_address rem_address st ...; addresses are HEXIP:HEXPORT.
            return (int) Files.readAllLines(table).stream().skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(c -> c.length > 3 && c[1].endsWith(localPortSuffix) && c[3].equals(ESTABLISHED))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }
}
