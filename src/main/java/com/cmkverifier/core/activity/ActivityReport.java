package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's first query as a report: every key operation per vault, key, version, caller, operation and
 * result, with counts and first/last time, for every key in the evidence, registered or not, so an operator
 * sees what uses which key before registering anything.
 */
public final class ActivityReport {

    /** One line of the report; {@code callerName} is a display name where one is known, else null. */
    public record Row(String vault, String key, String version, Caller caller, String callerName, String operation,
                      int httpStatus, long count, Instant first, Instant last) {

        public String callerLabel() {
            return callerName == null ? caller.label() : callerName + " (" + caller.label() + ")";
        }

        public String shortCallerLabel() {
            return callerName == null ? caller.shortLabel() : callerName;
        }

        public String result() {
            return httpStatus < 0 ? "unknown" : (httpStatus < 300 ? "success " : "failure ") + httpStatus;
        }
    }

    private ActivityReport() {
    }

    /** Groups merged across descriptions, sorted by vault, key, then the most frequent first. */
    public static List<Row> of(AuditActivity activity) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<KeyId, List<ActivityGroup>> e : activity.groupsByKey().entrySet()) {
            Map<List<Object>, Row> merged = new LinkedHashMap<>();
            for (ActivityGroup g : e.getValue()) {
                if (g.httpStatus() == 401 && !g.isFailure()) {
                    continue; // the bearer challenge before every first call: noise, not activity
                }
                List<Object> id = Arrays.asList(g.version(), g.caller(), g.operation(), g.httpStatus());
                Row row = merged.get(id);
                merged.put(id, row == null
                        ? new Row(e.getKey().vaultName(), e.getKey().keyName(), g.version(), g.caller(),
                                activity.nameOf(g.caller()), g.operation(), g.httpStatus(), g.count(), g.first(), g.last())
                        : new Row(row.vault(), row.key(), row.version(), row.caller(), row.callerName(), row.operation(),
                                row.httpStatus(), row.count() + g.count(), min(row.first(), g.first()),
                                max(row.last(), g.last())));
            }
            rows.addAll(merged.values());
        }
        rows.sort(Comparator.comparing(Row::vault).thenComparing(Row::key)
                .thenComparing(Comparator.comparingLong(Row::count).reversed())
                .thenComparing(r -> r.caller().label()).thenComparing(Row::operation)
                .thenComparing(r -> r.version() == null ? "" : r.version()).thenComparingInt(Row::httpStatus));
        return rows;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
