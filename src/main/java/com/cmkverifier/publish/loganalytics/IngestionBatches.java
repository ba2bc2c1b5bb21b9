package com.cmkverifier.publish.loganalytics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits rows into requests the Logs Ingestion API accepts: a JSON array of at most 1 MB. The limit is applied
 * to the uncompressed array, as Microsoft's own ingestion clients do, so a request is within it either way.
 */
public final class IngestionBatches {

    /** The API's limit per call (Azure Monitor service limits, Logs Ingestion API). */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private IngestionBatches() {
    }

    /**
     * Rows in order, in as few arrays as fit; a row alone over the limit becomes a batch of its own.
     *
     * @param json a row's JSON object text
     */
    public static <T> List<List<T>> split(List<T> rows, Function<T, String> json, int maxBytes) {
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long size = 2;
        for (T row : rows) {
            int bytes = json.apply(row).getBytes(StandardCharsets.UTF_8).length;
            int added = bytes + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && size + added > maxBytes) {
                batches.add(current);
                current = new ArrayList<>();
                size = 2;
                added = bytes;
            }
            current.add(row);
            size += added;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** The JSON array of the rows' objects, UTF-8. */
    public static byte[] json(List<String> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(rows.get(i).getBytes(StandardCharsets.UTF_8));
        }
        out.write(']');
        return out.toByteArray();
    }
}
