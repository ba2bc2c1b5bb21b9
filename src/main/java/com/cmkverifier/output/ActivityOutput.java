package com.cmkverifier.output;

import com.cmkverifier.core.activity.ActivityReport;
import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** Renders the key activity report as a table, JSON or CSV. */
public final class ActivityOutput {

    private static final String[] COLUMNS = {"vault", "key", "version", "caller", "operation", "result", "count",
            "firstTime", "lastTime"};

    private ActivityOutput() {
    }

    public static String table(List<ActivityReport.Row> rows, Window window, InputStats inputs) {
        List<String[]> cells = rows.stream().map(r -> cells(r, r.shortCallerLabel())).toList();
        int[] width = new int[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            width[i] = COLUMNS[i].length();
            for (String[] c : cells) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder("Key activity ").append(window.from()).append(" .. ")
                .append(window.to()).append("\n\n");
        appendRow(sb, COLUMNS, width);
        cells.forEach(c -> appendRow(sb, c, width));
        sb.append('\n').append(rows.size()).append(" rows (inputs: ").append(inputs.files()).append(" files, ")
                .append(inputs.records()).append(" records, ").append(inputs.skipped()).append(" skipped)\n");
        return sb.toString();
    }

    public static String json(List<ActivityReport.Row> rows, Window window, InputStats inputs) {
        ObjectNode o = Jackson.MAPPER.createObjectNode();
        o.set("window", JsonReport.window(window));
        ArrayNode arr = o.putArray("activity");
        for (ActivityReport.Row r : rows) {
            ObjectNode ro = arr.addObject();
            ro.put("vault", r.vault());
            ro.put("key", r.key());
            ro.put("version", r.version());
            ro.put("caller", r.callerLabel());
            ro.put("callerObjectId", r.caller().objectId());
            ro.put("callerAppId", r.caller().appId());
            ro.put("callerResourceId", r.caller().managedIdentityResourceId());
            ro.put("operation", r.operation());
            ro.put("httpStatus", r.httpStatus());
            ro.put("count", r.count());
            ro.put("firstTime", r.first().toString());
            ro.put("lastTime", r.last().toString());
        }
        o.set("inputs", JsonReport.inputs(inputs));
        try {
            return JsonReport.INDENTED.writeValueAsString(o) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 CSV with a header row. */
    public static String csv(List<ActivityReport.Row> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (ActivityReport.Row r : rows) {
            String[] c = cells(r, r.callerLabel());
            for (int i = 0; i < c.length; i++) {
                sb.append(i == 0 ? "" : ",").append(csvField(c[i]));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String[] cells(ActivityReport.Row r, String caller) {
        return new String[] {r.vault(), r.key(), r.version() == null ? "" : r.version(), caller,
                r.operation(), r.result(), Long.toString(r.count()), r.first().toString(), r.last().toString()};
    }

    static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - cells[i].length() + 2));
            }
        }
        sb.append('\n');
    }

    private static String csvField(String s) {
        // A leading = + - @ would be run as a formula by spreadsheet programs.
        String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
