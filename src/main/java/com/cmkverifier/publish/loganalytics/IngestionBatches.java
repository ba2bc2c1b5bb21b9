package com.cmkverifier.publish.loganalytics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits rows into requests the Logs Ingestion API accepts: a JSON array of at most 1 MB. The limit is applied
 * to the uncompressed array, as Microsoft's own ingestion clients do, so a request is within it either way.
 */
final class IngestionBatches {

    /** The API's limit per call (Azure Monitor service limits, Logs Ingestion API). */
    static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private IngestionBatches() {
    }

    /** Rows in order, in as few arrays as fit; a row alone over the limit becomes a batch of its own. */
    static List<List<HistoryRow>> split(List<HistoryRow> rows, int maxBytes) {
        List<List<HistoryRow>> batches = new ArrayList<>();
        List<HistoryRow> current = new ArrayList<>();
        long size = 2;
        for (HistoryRow row : rows) {
            int added = row.size() + (current.isEmpty() ? 0 : 1);
            if (!current.isEmpty() && size + added > maxBytes) {
                batches.add(current);
                current = new ArrayList<>();
                size = 2;
                added = row.size();
            }
            current.add(row);
            size += added;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    static byte[] json(List<HistoryRow> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).json().getBytes(StandardCharsets.UTF_8));
        }
        out.write(']');
        return out.toByteArray();
    }
}
