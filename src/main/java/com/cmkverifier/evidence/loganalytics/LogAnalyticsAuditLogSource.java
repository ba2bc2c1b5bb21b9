package com.cmkverifier.evidence.loganalytics;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.BinaryData;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.evidence.DaemonPool;
import com.cmkverifier.evidence.signin.AzureSignIn;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Audit activity from Log Analytics through the Logs Query API: per workspace, one query per batch of keys
 * over {@code AzureDiagnostics} and {@code AZKVAuditLogs}, summarised on the server
 * ({@code docs/kql/key-activity.kql}), then one optional query for caller names. Needs Log Analytics Reader
 * (or any role with {@code Microsoft.OperationalInsights/workspaces/query/read}) on each workspace.
 * A workspace whose answer failed, was throttled beyond the retries, timed out or was partial gets a
 * {@link SourceIssue} for its resources; the other workspaces are unaffected.
 */
public final class LogAnalyticsAuditLogSource implements AuditLogSource {

    /** The Logs API runs at most 5 concurrent queries per caller; stay under it. */
    static final int MAX_CONCURRENT_QUERIES = 4;

    private final LogsQueryClient client;
    private final LogsQueryOptions options;
    private final int batchSize;
    private final String endpointHost;
    /** Shared by every caller of this (per-process) source: the Logs limit is per caller, not per sweep. */
    private final Semaphore inFlight = new Semaphore(MAX_CONCURRENT_QUERIES);

    /**
     * @param endpoint     Logs Query API base URL ({@code https://api.loganalytics.azure.com/v1}, or the
     *                     sovereign clouds' {@code .azure.cn} / {@code .us}); the token scope follows its host
     * @param queryTimeout server timeout of each query ({@code Prefer: wait=}); the client waits a little longer
     * @param batchSize    keys per query
     */
    public LogAnalyticsAuditLogSource(TokenCredential credential, HttpClient httpClient, RetryOptions retry,
                                      URI endpoint, Duration queryTimeout, int batchSize) {
        this.client = new LogsQueryClientBuilder().endpoint(endpoint.toString()).credential(credential)
                .httpClient(httpClient).retryOptions(retry).addPolicy(new RawAnswerPolicy()).buildClient();
        // Partial answers come back as results, judged by QueryError rather than thrown.
        this.options = new LogsQueryOptions().setServerTimeout(queryTimeout).setAllowPartialErrors(true);
        this.batchSize = batchSize;
        this.endpointHost = endpoint.getHost();
    }

    @Override
    public AuditActivity read(List<ProtectedResource> resources, Window window) {
        WorkspacePlan plan = WorkspacePlan.of(resources);
        AuditActivityBuilder all = new AuditActivityBuilder(window, k -> true);
        plan.issues().forEach(all::issue);
        Map<String, Set<KeyId>> work = plan.keysByWorkspace();
        return readWorkspaces(all, work.keySet(), ws -> WorkspacePlan.batches(work.get(ws), batchSize).stream()
                .map(batch -> KeyActivityQuery.forKeys(batch, window)).toList(), window);
    }

    /**
     * Every key's activity, and every vault that logged, in each workspace: the {@code cmkv activity --live}
     * report. Workspace ids that are not GUIDs get a {@link SourceIssue} and are not queried.
     */
    public AuditActivity readAll(Set<String> workspaceIds, Window window) {
        AuditActivityBuilder all = new AuditActivityBuilder(window, k -> true);
        Set<String> valid = new TreeSet<>();
        for (String ws : workspaceIds) {
            if (WorkspacePlan.isGuid(ws)) {
                valid.add(ws.toLowerCase(Locale.ROOT));
            } else {
                all.issue(new SourceIssue(WorkspacePlan.SOURCE, "workspace id is not a GUID, not queried", ws, null));
            }
        }
        return readWorkspaces(all, valid, ws -> List.of(KeyActivityQuery.forAllKeys(window)), window);
    }

    private AuditActivity readWorkspaces(AuditActivityBuilder all, Set<String> workspaces,
                                         Function<String, List<String>> queries, Window window) {
        if (workspaces.isEmpty()) {
            return all.build();
        }
        ExecutorService pool = DaemonPool.of(Math.min(MAX_CONCURRENT_QUERIES, workspaces.size()),
                "log-analytics-query");
        try {
            Map<String, Future<AuditActivityBuilder>> pending = new TreeMap<>();
            for (String ws : workspaces) {
                pending.put(ws, pool.submit(() -> readWorkspace(ws, queries.apply(ws), window)));
            }
            pending.forEach((ws, f) -> all.merge(await(ws, f, window)));
            return all.build();
        } finally {
            pool.shutdownNow();
        }
    }

    private static AuditActivityBuilder await(String ws, Future<AuditActivityBuilder> f, Window window) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            AuditActivityBuilder failed = new AuditActivityBuilder(window, k -> true);
            failed.issue(issue(ws, "reading it failed: " + e.getCause()));
            return failed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AuditActivityBuilder failed = new AuditActivityBuilder(window, k -> true);
            failed.issue(issue(ws, "reading it was interrupted"));
            return failed;
        }
    }

    /**
     * Runs a workspace's batch queries; the first failure ends the workspace with an issue, because its
     * resources cannot pass anyway and further queries would only spend the rate limit.
     */
    private AuditActivityBuilder readWorkspace(String ws, List<String> batchQueries, Window window) {
        AuditActivityBuilder b = new AuditActivityBuilder(window, k -> true);
        Set<String> callerIds = new HashSet<>();
        for (String query : batchQueries) {
            QueryOutcome outcome = run(ws, query, KeyActivityQuery.TABLES, window);
            if (outcome.noLegs() != null) {
                // No leg of the fuzzy union resolves: no vault sends AuditEvent here. Absence, not failure.
                b.note(new SourceIssue(WorkspacePlan.SOURCE, "workspace " + ws + " has neither AzureDiagnostics nor"
                        + " AZKVAuditLogs, so no vault sends its AuditEvent logs there (" + outcome.noLegs() + ")",
                        ws, null));
                return b;
            }
            if (outcome.problem() != null) {
                b.issue(issue(ws, outcome.problem()));
                return b;
            }
            List<String> missing = KeyActivityQuery.missingColumns(outcome.table());
            if (!missing.isEmpty()) {
                b.issue(issue(ws, "the answer lacks the query's columns " + missing + "; not read as complete"));
                return b;
            }
            KeyActivityQuery.read(ws, outcome.table(), b, callerIds);
        }
        if (!callerIds.isEmpty()) {
            // Optional: the sign-in tables may be absent (an error answer); names then stay unknown.
            QueryOutcome names = run(ws, CallerNamesQuery.forIds(callerIds, window), CallerNamesQuery.TABLES,
                    CallerNamesQuery.span(window));
            if (names.table() != null) {
                CallerNamesQuery.read(names.table(), b);
            }
        }
        return b;
    }

    /** Rows to read, or the problem that makes them unusable, or what the service said when no union leg exists. */
    private record QueryOutcome(LogsTable table, String problem, String noLegs) {
        static QueryOutcome rows(LogsTable table) {
            return new QueryOutcome(table, null, null);
        }

        static QueryOutcome failed(String problem) {
            return new QueryOutcome(null, problem, null);
        }

        static QueryOutcome judged(QueryError error, LogsTable table) {
            return switch (error.kind()) {
                case MISSING_LEGS_ONLY -> rows(table);
                case TABLE_MISSING -> new QueryOutcome(null, null, error.summary());
                case PLAN_REFUSED -> failed("the query was refused because " + error.table() + " is on the Basic or"
                        + " Auxiliary table plan, where the Logs Query API refuses unions (" + error.summary()
                        + "); switch " + error.table() + " to the Analytics plan to verify from it");
                case PARTIAL -> failed("the query answered partially (" + error.summary() + "); not read as complete");
                case OTHER -> failed("the query was refused (HTTP 400: " + error.summary() + ")");
            };
        }
    }

    /**
     * Runs {@code query} over the API timespan {@code span}, which must cover every time the query looks at;
     * {@code tables} are the legs of its fuzzy union, whose absence alone leaves an answer complete.
     */
    private QueryOutcome run(String ws, String query, Set<String> tables, Window span) {
        // The API's timespan end is exclusive; the query's own "between" keeps the window closed.
        QueryTimeInterval interval = new QueryTimeInterval(span.from().atOffset(ZoneOffset.UTC),
                span.to().plusSeconds(1).atOffset(ZoneOffset.UTC));
        AtomicReference<BinaryData> raw = new AtomicReference<>();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return QueryOutcome.failed("the query was interrupted");
        }
        try {
            LogsQueryResult result = client.queryWorkspaceWithResponse(ws, query, interval, options,
                    RawAnswerPolicy.asking(raw)).getValue();
            if (result.getError() != null || result.getQueryResultStatus() != LogsQueryResultStatus.SUCCESS) {
                // HTTP 200 with an error object (PartialError): complete only when every detail is a missing leg.
                return QueryOutcome.judged(QueryError.ofPartialAnswer(raw.get(), tables),
                        result.getTable());
            }
            return QueryOutcome.rows(result.getTable());
        } catch (ClientAuthenticationException e) {
            // No token (a subclass of HttpResponseException without a response): say why, and how to fix it.
            return QueryOutcome.failed(AzureSignIn.describe(e, "https://" + endpointHost));
        } catch (HttpResponseException e) {
            int status = e.getResponse().getStatusCode();
            if (status == 400) {
                return QueryOutcome.judged(QueryError.ofBadRequest(raw.get(), tables), null);
            }
            return QueryOutcome.failed(describe(status, QueryError.refusal(raw.get())));
        } catch (RuntimeException e) {
            return QueryOutcome.failed("the query failed after retries: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } finally {
            inFlight.release();
        }
    }

    private String describe(int status, String said) {
        String quoted = said == null ? "" : " " + said;
        return switch (status) {
            // A token the API does not accept: InvalidAuthenticationTokenTenant / ...Audience (azure-sdk-for-net#42676).
            case 401 -> "the Logs API refused the token (HTTP 401" + quoted + "): a token for the wrong tenant"
                    + " (AZURE_TENANT_ID, az login --tenant) or for another cloud's audience than " + endpointHost;
            // InsufficientAccessError (Azure.Monitor.Query troubleshooting guide); a workspace that accepts queries
            // only through an Azure Monitor Private Link Scope refuses every other network the same way.
            case 403 -> "access denied (HTTP 403" + quoted + "): the verifier's identity needs Log Analytics Reader"
                    + " on the workspace; if it has it, the workspace accepts queries only through its Azure Monitor"
                    + " Private Link Scope: run the verifier in a network connected to that scope";
            case 404 -> "workspace not found (HTTP 404" + quoted + ")";
            case 429 -> "throttled (HTTP 429) beyond the retries";
            case 504 -> "the query timed out on the server (HTTP 504)";
            default -> "the query failed with HTTP " + status + " after retries" + quoted;
        };
    }

    private static SourceIssue issue(String ws, String problem) {
        return new SourceIssue(WorkspacePlan.SOURCE, "Log Analytics workspace " + ws + ": " + problem, ws, null);
    }
}
