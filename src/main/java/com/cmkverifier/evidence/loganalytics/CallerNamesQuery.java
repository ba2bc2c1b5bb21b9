package com.cmkverifier.evidence.loganalytics;

import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableRow;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.Window;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code docs/kql/caller-names.kql}: display names of callers from Entra sign-in logs. */
final class CallerNamesQuery {

    private static final KqlTemplate TEMPLATE = KqlTemplate.load("caller-names.kql");
    /** Sign-ins log token issuance; a token used in the window may have been issued up to a day before it. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    /** Names are a nicety: a bound keeps the query text short when a workspace has very many callers. */
    static final int MAX_IDS = 1000;
    /** The tables of the query's fuzzy union; any of them may be absent. */
    static final Set<String> TABLES = Set.of("AADManagedIdentitySignInLogs", "AADServicePrincipalSignInLogs",
            "AADNonInteractiveUserSignInLogs");

    /** The answer's columns, each of which {@link #read} relies on. */
    static final List<ResultColumn> COLUMNS = ResultColumn.of("ServicePrincipalId:string", "AppId:string",
            "Name:string");

    private CallerNamesQuery() {
    }

    /**
     * The query for {@code ids}; only GUIDs are kept (object and app ids), in lower case (AZKVAuditLogs can carry
     * upper case; the query compares lower case), at most {@link #MAX_IDS}.
     */
    static String forIds(Collection<String> ids, Window window) {
        TreeSet<String> guids = new TreeSet<>();
        for (String id : ids) {
            if (WorkspacePlan.isGuid(id) && guids.size() < MAX_IDS) {
                guids.add(id.toLowerCase(Locale.ROOT));
            }
        }
        return TEMPLATE.bind(Map.of("ids", KqlTemplate.strings(guids),
                "windowStart", KqlTemplate.datetime(span(window).from()),
                "windowEnd", KqlTemplate.datetime(span(window).to())));
    }

    /** The sign-in times the query looks at for a window's calls; the API request's timespan must cover it. */
    static Window span(Window window) {
        return new Window(window.from().minus(TOKEN_LIFETIME), window.to());
    }

    static void read(LogsTable table, AuditActivityBuilder builder) {
        for (LogsTableRow row : table.getRows()) {
            String name = KeyActivityQuery.text(row, "Name");
            builder.callerName(KeyActivityQuery.text(row, "ServicePrincipalId"), name);
            builder.callerName(KeyActivityQuery.text(row, "AppId"), name);
        }
    }
}
