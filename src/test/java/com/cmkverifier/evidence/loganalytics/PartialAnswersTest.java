package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.evidence.keyvault.VaultEndpoints;
import com.cmkverifier.evidence.live.LiveSettings;
import com.cmkverifier.evidence.live.LiveSources;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeKeyVault;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Received;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.WireServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.AT;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.KEY;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.PRINCIPAL;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WINDOW;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WS1;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.resource;
import static com.cmkverifier.testing.wire.SampleRecords.unwrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real workspace answers when tables are missing or the answer is partial: told apart from the answer's
 * own structure (the severities of its error details), with the recorded answers of the Azure SDK's sessions.
 */
class PartialAnswersTest {

    private final FakeLogAnalytics logs = new FakeLogAnalytics();
    private final FakeKeyVault vault = new FakeKeyVault();
    private final ProtectedResource storage = resource("st", KEY, WS1);

    @AfterEach
    void stop() {
        logs.close();
        vault.close();
    }

    private AuditActivity read(int maxRetries) {
        return LogAnalyticsAuditLogSourceTest.source(logs, 200, Duration.ofMinutes(3), maxRetries)
                .read(List.of(storage), WINDOW);
    }

    private Verdict verdict() {
        vault.put(KEY, List.of(SampleKeys.rsa(1, AT.minus(Duration.ofDays(90)))));
        LiveSettings settings = new LiveSettings(URI.create(logs.endpoint()), Duration.ofMinutes(3),
                Duration.ofSeconds(30), 200, 4, 0, Duration.ofMillis(10));
        LiveSources sources = LiveSources.create(settings, new DummyCredential(), WireServer.trustingClient(),
                VaultEndpoints.overriding(Map.of(KEY.vaultHost(), vault.endpointFor(KEY.vaultHost()))));
        VerificationService service = new VerificationService(sources.auditLogs(), sources.keyMetadata(),
                VerificationSettings.DEFAULTS);
        return service.verify(new Registry(List.of(storage)), List.of(storage), WINDOW, AT).verdicts().get(0);
    }

    private void unwrapsOnTheKey() {
        logs.records(WS1, List.of(unwrap(AT.minusSeconds(600), KEY, SampleKeys.version(1), PRINCIPAL, 200)));
    }

    @Test
    void aWorkspaceWithoutAzureDiagnosticsIsVerifiedFromAzkvAuditLogsAlone() {
        unwrapsOnTheKey();
        logs.auditTables(WS1, "AZKVAuditLogs");

        Verdict v = verdict();

        assertEquals(VerdictStatus.VERIFIED, v.status(), v::toString);
        assertEquals(1, logs.queries(WS1, "activity"), "one answer, a PartialError of warnings, read as complete");
    }

    @Test
    void aWorkspaceWithNeitherAuditTableIsNoAuditLogsSayingSoNotASourceFailure() {
        logs.auditTables(WS1);

        AuditActivity a = read(0);
        Verdict v = verdict();

        assertTrue(a.issues().isEmpty(), a.issues()::toString);
        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        assertEquals(List.of(FindingCode.NO_AUDIT_LOGS), v.findings().stream().map(f -> f.code()).toList());
        assertTrue(v.findings().get(0).message().contains("has neither AzureDiagnostics nor AZKVAuditLogs"),
                v.findings().get(0).message());
        assertTrue(v.findings().get(0).message().contains("SEM0529"), "the service's own words are kept");
    }

    @Test
    void aWideAzureDiagnosticsStillNamesTheCallerFromAdditionalFields() {
        unwrapsOnTheKey();
        logs.wideAzureDiagnostics(WS1);

        Verdict v = verdict();

        assertEquals(VerdictStatus.VERIFIED, v.status(), v::toString);
    }

    @Test
    void aLegDroppedForAnotherReasonThanAMissingTableIsIncompleteNotAFalseVerified() {
        // The successes are in AzureDiagnostics, the failures in AZKVAuditLogs, whose leg Kusto drops.
        logs.records(WS1, List.of(unwrap(AT.minusSeconds(900), KEY, SampleKeys.version(1), PRINCIPAL, 200)));
        logs.recordsIn(WS1, "AZKVAuditLogs", List.of(unwrap(AT.minusSeconds(600), KEY, SampleKeys.version(1),
                PRINCIPAL, 403)));
        logs.dropLeg(WS1, "AZKVAuditLogs", "'where' operator: Failed to resolve scalar expression named 'Claim'");

        Verdict v = verdict();

        assertEquals(VerdictStatus.INCONCLUSIVE, v.status(), v::toString);
        assertTrue(v.findings().stream().anyMatch(f -> f.code() == FindingCode.SOURCE_INCOMPLETE
                && f.message().contains("Failed to resolve scalar expression named 'Claim' (Warning)")), v::toString);
    }

    @Test
    void aMissingLegBesideADroppedOneIsStillIncomplete() {
        unwrapsOnTheKey();
        logs.auditTables(WS1, "AzureDiagnostics");
        logs.dropLeg(WS1, "AzureDiagnostics", "'project' operator: Failed to resolve scalar expression named 'x'");

        AuditActivity a = read(0);

        assertEquals(1, a.issues().size(), a.issues()::toString);
        assertTrue(a.issues().get(0).message().contains("named 'x'"), a.issues().get(0).message());
        assertTrue(!a.issues().get(0).message().contains("AZKVAuditLogs"), "only the detail that makes it partial");
    }

    @Test
    void anAuditTableOnTheBasicPlanIsNamedWithItsPlan() {
        unwrapsOnTheKey();
        logs.tablePlan(WS1, "AZKVAuditLogs", "Basic");

        Verdict v = verdict();

        assertEquals(VerdictStatus.INCONCLUSIVE, v.status(), v::toString);
        String all = v.findings().toString();
        assertTrue(v.has(FindingCode.SOURCE_INCOMPLETE), all);
        assertTrue(all.contains("AZKVAuditLogs is on the Basic or Auxiliary table plan")
                && all.contains("Analytics plan"), all);
    }

    @Test
    void aTokenOfAnotherTenantIsToldAsSuch() {
        unwrapsOnTheKey();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.tokenOfAnotherTenant());

        String message = read(0).issues().get(0).message();

        assertTrue(message.contains("HTTP 401 InvalidAuthenticationTokenTenant") && message.contains("wrong tenant"),
                message);
    }

    @Test
    void aRefusedQueryNamesTheRoleAndThePrivateLinkScope() {
        unwrapsOnTheKey();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.insufficientAccess());

        String message = read(0).issues().get(0).message();

        assertTrue(message.contains("InsufficientAccessError") && message.contains("Log Analytics Reader")
                && message.contains("Private Link Scope"), message);
    }

    @Test
    void theRecordedResultSetTooLargeAnswerIsIncompleteNotRead() {
        unwrapsOnTheKey();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.resultSetTooLarge());

        AuditActivity a = read(0);

        assertEquals(1, a.issues().size());
        assertTrue(a.issues().get(0).message().contains("E_QUERY_RESULT_SET_TOO_LARGE"), a.issues().get(0).message());
        assertTrue(a.groupsByKey().isEmpty(), "rows of a partial answer are not read");
    }

    @Test
    void aPartialErrorWhoseDetailHasNoSeverityIsIncomplete() {
        unwrapsOnTheKey();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.partialError());

        assertEquals(1, read(0).issues().size());
    }

    @Test
    void theRecordedServerTimeoutIsSourceIncomplete() {
        unwrapsOnTheKey();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.serverTimeout());

        Verdict v = verdict();

        assertEquals(VerdictStatus.INCONCLUSIVE, v.status());
        assertTrue(v.findings().stream().anyMatch(f -> f.code() == FindingCode.SOURCE_INCOMPLETE
                && f.message().contains("timed out")), v::toString);
    }

    @Test
    void callerNamesLookBackADayBeforeTheWindowInTheRequestTimespanToo() throws Exception {
        unwrapsOnTheKey();
        logs.signInNames(WS1, Map.of(PRINCIPAL, "stcmkdata"));

        read(0);

        Received names = logs.server().received().stream().filter(r -> r.body().contains("SignInLogs"))
                .findFirst().orElseThrow();
        String timespan = new ObjectMapper().readTree(names.body()).path("timespan").asText();
        Instant start = OffsetDateTime.parse(timespan.substring(0, timespan.indexOf('/'))).toInstant();
        assertEquals(WINDOW.from().minus(CallerNamesQuery.TOKEN_LIFETIME), start, timespan);
    }

    @Test
    void upperCaseCallerIdsAndMissingSignInTablesNeverFailTheWorkspace() {
        String upper = PRINCIPAL.toUpperCase(Locale.ROOT);
        logs.records(WS1, List.of(unwrap(AT.minusSeconds(600), KEY, SampleKeys.version(1), upper, 200)));
        logs.signInNames(WS1, Map.of(PRINCIPAL, "stcmkdata")).signInTables(WS1, "AADManagedIdentitySignInLogs");

        AuditActivity a = read(0);

        assertTrue(a.issues().isEmpty(), a.issues()::toString);
        assertEquals("stcmkdata", a.callerName(PRINCIPAL), "names read from the answer with warnings");
    }
}
