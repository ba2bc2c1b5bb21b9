package com.cmkverifier.evidence.loganalytics;

import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** {@code docs/kql/key-activity.kql}: the server-side summary of key activity, and how its rows are read. */
final class KeyActivityQuery {

    private static final KqlTemplate TEMPLATE = KqlTemplate.load("key-activity.kql");
    /** The summary's columns, every one of which {@link #read} relies on. */
    static final List<ResultColumn> COLUMNS = ResultColumn.of("Vault:string", "KeyHost:string", "KeyName:string",
            "KeyVersion:string", "CallerObjectId:string", "CallerAppId:string", "CallerMirid:string",
            "OperationName:string", "HttpStatus:int", "Description:string", "Count:long", "First:datetime",
            "Last:datetime");

    /** The tables of the query's fuzzy union: a workspace has one, both, or (no vault logs there) neither. */
    static final Set<String> TABLES = Set.of("AzureDiagnostics", "AZKVAuditLogs");

    private KeyActivityQuery() {
    }

    /** The query for {@code keys} (validated) and their vaults. */
    static String forKeys(Collection<KeyId> keys, Window window) {
        Set<String> vaults = new TreeSet<>();
        Set<String> refs = new TreeSet<>();
        for (KeyId k : keys) {
            vaults.add(k.vaultName());
            refs.add(k.vaultHost() + "/" + k.keyName());
        }
        return bind(vaults, refs, false, window);
    }

    /** The query for every key and vault that logged in the workspace. */
    static String forAllKeys(Window window) {
        return bind(Set.of(), Set.of(), true, window);
    }

    private static String bind(Set<String> vaults, Set<String> refs, boolean allKeys, Window window) {
        return TEMPLATE.bind(Map.of("vaults", KqlTemplate.strings(vaults), "keys", KqlTemplate.strings(refs),
                "allKeys", KqlTemplate.bool(allKeys), "windowStart", KqlTemplate.datetime(window.from()),
                "windowEnd", KqlTemplate.datetime(window.to())));
    }

    /**
     * The summary columns that {@code table}'s rows lack. Rows without them are not this query's answer (a
     * proxy, a changed schema): read as they are, they would look like a vault that logged nothing. Judged from
     * the cells, because the SDK (1.5.2) leaves {@link LogsTable#getColumns()} empty; no rows, nothing to misread.
     */
    static List<String> missingColumns(LogsTable table) {
        if (table.getRows().isEmpty()) {
            return List.of();
        }
        Set<String> present = table.getAllTableCells().stream().map(LogsTableCell::getColumnName)
                .collect(Collectors.toSet());
        return COLUMNS.stream().map(ResultColumn::name).filter(c -> !present.contains(c)).toList();
    }

    /**
     * Feeds the summary rows into {@code builder}: each row marks its vault as logging and moves the workspace's
     * latest record time; rows naming a key add an activity group. Caller ids seen are collected for the names
     * query.
     */
    static void read(String workspaceId, LogsTable table, AuditActivityBuilder builder, Set<String> callerIds) {
        for (LogsTableRow row : table.getRows()) {
            builder.latestRecord(workspaceId, time(row, "Last"));
            String vault = text(row, "Vault");
            if (vault != null) {
                builder.markVaultLogging(vault);
            }
            String host = text(row, "KeyHost");
            String name = text(row, "KeyName");
            long count = row.getColumnValue("Count").map(LogsTableCell::getValueAsLong).orElse(0L);
            builder.countRecords(count);
            if (host == null || name == null) {
                continue;
            }
            Caller caller = new Caller(text(row, "CallerObjectId"), text(row, "CallerAppId"), text(row, "CallerMirid"));
            Integer status = row.getColumnValue("HttpStatus").map(LogsTableCell::getValueAsInteger).orElse(null);
            builder.addGroup(new KeyId(host, name), text(row, "KeyVersion"), caller, text(row, "OperationName"),
                    status == null ? AuditRecord.UNKNOWN_STATUS : status, text(row, "Description"), count,
                    time(row, "First"), time(row, "Last"));
            if (caller.objectId() != null) {
                callerIds.add(caller.objectId());
            }
            if (caller.appId() != null) {
                callerIds.add(caller.appId());
            }
        }
    }

    static String text(LogsTableRow row, String column) {
        String s = row.getColumnValue(column).map(LogsTableCell::getValueAsString).orElse(null);
        return s == null || s.isEmpty() ? null : s;
    }

    private static Instant time(LogsTableRow row, String column) {
        OffsetDateTime t = row.getColumnValue(column).map(LogsTableCell::getValueAsDateTime).orElseThrow(
                () -> new IllegalStateException("summary row without " + column));
        return t.toInstant();
    }
}
