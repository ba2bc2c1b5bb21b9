package com.cmkverifier.evidence.offline;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Opens an evidence file as a stream: gzip is recognised by its magic bytes (archive blobs are often
 * downloaded and compressed under any name), a UTF-8 byte order mark (Excel and portal CSV) is dropped.
 */
public final class EvidenceInput {

    /** How much of the start of a file format detection may look at. */
    public static final int HEAD_BYTES = 64 * 1024;
    /**
     * Enough to look at the head; readers ask for larger blocks, which buffered streams pass straight through.
     * Two 1 MB buffers per file were half of all allocation on 1 GB of 2 MB blobs, and a tenth of the wall time
     * went to collecting them.
     */
    private static final int BUFFER = HEAD_BYTES;

    private EvidenceInput() {
    }

    /** @throws IllegalArgumentException naming the first input that does not exist */
    public static void requireExisting(List<Path> inputs, String what) {
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(what + " path does not exist: " + p);
            }
        }
    }

    /** Every regular file under the inputs (directories recursively), sorted, each once. */
    public static List<Path> files(List<Path> inputs, BiConsumer<Path, Exception> listingFailed) {
        SortedSet<Path> files = new TreeSet<>();
        for (Path input : inputs) {
            try (Stream<Path> walk = Files.walk(input)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException | UncheckedIOException e) {
                listingFailed.accept(input, e);
            }
        }
        return List.copyOf(files);
    }

    public static BufferedInputStream open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** As {@link #open(Path)}, for content that does not come from a file of its own. */
    public static BufferedInputStream open(InputStream source) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(source, BUFFER);
        InputStream content = raw;
        try {
            // Plain files are read through the one buffer: a second 64 KB per file showed in the allocation.
            BufferedInputStream in = raw;
            if (startsWith(raw, 0x1f, 0x8b)) {
                content = new GZIPInputStream(raw, BUFFER);
                in = new BufferedInputStream(content, BUFFER);
            }
            if (startsWith(in, 0xef, 0xbb, 0xbf)) {
                in.skipNBytes(3);
            }
            return in;
        } catch (IOException e) {
            content.close();
            throw e;
        }
    }

    /**
     * The first bytes of the stream, which stays where it was, into {@code into}: a reader's own, reused from file
     * to file.
     *
     * @return how many bytes were read: up to {@link #HEAD_BYTES}, fewer only at the end of the stream
     */
    public static int head(BufferedInputStream in, byte[] into) throws IOException {
        in.mark(HEAD_BYTES);
        int n = in.readNBytes(into, 0, Math.min(into.length, HEAD_BYTES));
        in.reset();
        return n;
    }

    private static boolean startsWith(BufferedInputStream in, int... magic) throws IOException {
        in.mark(magic.length);
        byte[] b = in.readNBytes(magic.length);
        in.reset();
        int[] actual = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            actual[i] = b[i] & 0xff;
        }
        return Arrays.equals(actual, magic);
    }
}
