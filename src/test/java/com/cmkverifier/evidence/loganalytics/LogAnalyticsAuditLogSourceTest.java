package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.testing.wire.DummyCredential;
import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.Reply;
import com.cmkverifier.testing.wire.SampleKeys;
import com.cmkverifier.testing.wire.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.cmkverifier.testing.wire.SampleRecords.unwrap;
import static com.cmkverifier.testing.wire.SampleRecords.vaultGet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogAnalyticsAuditLogSourceTest {

    static final String WS1 = "11111111-1111-1111-1111-111111111111";
    static final String WS2 = "22222222-2222-2222-2222-222222222222";
    static final Instant AT = Instant.parse("2024-05-02T00:00:00Z");
    static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));
    static final KeyId KEY = new KeyId("kv-a.vault.azure.net", "stg-cmk");
    static final KeyId KEY_B = new KeyId("kv-b.vault.azure.net", "sql-tde");
    static final String PRINCIPAL = "aaaaaaaa-0000-0000-0000-000000000001";

    private final FakeLogAnalytics logs = new FakeLogAnalytics();

    @AfterEach
    void stop() {
        logs.close();
    }

    static LogAnalyticsAuditLogSource source(FakeLogAnalytics fake, int batchSize, Duration queryTimeout,
                                             int maxRetries) {
        return new LogAnalyticsAuditLogSource(new DummyCredential(), WireServer.trustingClient(),
                WireServer.retries(maxRetries), URI.create(fake.endpoint()), queryTimeout, batchSize);
    }

    private LogAnalyticsAuditLogSource source(int batchSize, Duration queryTimeout, int maxRetries) {
        return source(logs, batchSize, queryTimeout, maxRetries);
    }

    private LogAnalyticsAuditLogSource source() {
        return source(200, Duration.ofMinutes(3), 2);
    }

    static ProtectedResource resource(String name, KeyReference key, String workspaceId) {
        return new ProtectedResource(name, "Microsoft.Storage/storageAccounts", null, key, PRINCIPAL, null, null,
                workspaceId, null, null, null);
    }

    static ProtectedResource resource(String name, KeyId key, String workspaceId) {
        return resource(name, KeyReference.parse(key.toString()), workspaceId);
    }

    private void twoWorkspacesWithActivity() {
        logs.records(WS1, List.of(unwrap(AT.minusSeconds(600), KEY, SampleKeys.version(1), PRINCIPAL, 200),
                unwrap(AT.minusSeconds(300), KEY, SampleKeys.version(1), PRINCIPAL, 200)));
        logs.records(WS2, List.of(unwrap(AT.minusSeconds(60), KEY_B, SampleKeys.version(2), PRINCIPAL, 200)));
    }

    @Test
    void activityArrivesAsServerSideGroupsWithCountAndFirstAndLastTime() {
        twoWorkspacesWithActivity();

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        ActivityGroup g = a.groupsFor(KEY).get(0);
        assertEquals(2, g.count());
        assertEquals(AT.minusSeconds(600), g.first());
        assertEquals(AT.minusSeconds(300), g.last());
        assertEquals(PRINCIPAL, g.caller().objectId());
        assertEquals(200, g.httpStatus());
        assertTrue(a.issues().isEmpty());
    }

    @Test
    void vaultWithRecordsOnOtherKeysOnlyIsMarkedLogging() {
        logs.records(WS1, List.of(vaultGet(AT.minusSeconds(60), "kv-a")));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertTrue(a.vaultHasRecords("kv-a"));
        assertTrue(a.groupsFor(KEY).isEmpty());
    }

    @Test
    void vaultWithoutRecordsInTheWindowIsNotMarkedLogging() {
        logs.records(WS1, List.of(unwrap(AT.minus(Duration.ofDays(3)), KEY, null, PRINCIPAL, 200)));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertFalse(a.vaultHasRecords("kv-a"));
    }

    @Test
    void resourceWithoutWorkspaceGetsAnIssueAndNoQuery() {
        ProtectedResource orphan = resource("orphan", KEY, null);

        AuditActivity a = source().read(List.of(orphan), WINDOW);

        assertEquals(1, a.issuesFor(orphan).size());
        assertTrue(a.issuesFor(orphan).get(0).message().contains("no workspaceId registered"));
        assertEquals(0, logs.server().received().size());
    }

    @Test
    void keysOfOneWorkspaceAreQueriedOncePerBatch() {
        List<ProtectedResource> rs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rs.add(resource("st" + i, new KeyId("kv-a.vault.azure.net", "key-" + i), WS1));
            rs.add(resource("copy" + i, new KeyId("kv-a.vault.azure.net", "key-" + i), WS1));
        }

        source(2, Duration.ofMinutes(3), 2).read(rs, WINDOW);

        assertEquals(3, logs.queries(WS1, "activity"), "5 distinct keys in batches of 2");
    }

    @Test
    void partialErrorMakesAnIssueForThatWorkspaceOnly() {
        twoWorkspacesWithActivity();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, FakeLogAnalytics.partialError());

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1), resource("sql", KEY_B, WS2)), WINDOW);

        assertOnlyWs1Failed(a, "PartialError");
    }

    @Test
    void throttlingIsRetriedHonouringRetryAfter() {
        twoWorkspacesWithActivity();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 1, Reply.throttled(1));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertTrue(a.issues().isEmpty());
        assertEquals(2, logs.queries(WS1, "activity"));
        assertEquals(2, a.groupsFor(KEY).get(0).count());
    }

    @Test
    void throttlingBeyondTheRetriesMakesAnIssueForThatWorkspaceOnly() {
        twoWorkspacesWithActivity();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 10, Reply.throttled(1));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1), resource("sql", KEY_B, WS2)), WINDOW);

        assertOnlyWs1Failed(a, "429");
        assertEquals(3, logs.queries(WS1, "activity"), "one try and two retries");
    }

    @Test
    void serverErrorsBeyondTheRetriesMakeAnIssueForThatWorkspaceOnly() {
        twoWorkspacesWithActivity();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 10, Reply.error(500, "InternalServerError", "x"));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1), resource("sql", KEY_B, WS2)), WINDOW);

        assertOnlyWs1Failed(a, "500");
    }

    @Test
    void gatewayTimeoutMakesAnIssueForThatWorkspaceOnly() {
        twoWorkspacesWithActivity();
        logs.server().failNext(r -> FakeLogAnalytics.isFor(r, WS1), 10, Reply.error(504, "GatewayTimeout", "x"));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1), resource("sql", KEY_B, WS2)), WINDOW);

        assertOnlyWs1Failed(a, "504");
    }

    @Test
    void answerSlowerThanTheQueryTimeoutMakesAnIssueForThatWorkspaceOnly() {
        twoWorkspacesWithActivity();
        logs.server().delayNext(r -> FakeLogAnalytics.isFor(r, WS1), 10, Duration.ofSeconds(60));

        AuditActivity a = source(200, Duration.ofSeconds(1), 0)
                .read(List.of(resource("st", KEY, WS1), resource("sql", KEY_B, WS2)), WINDOW);

        assertOnlyWs1Failed(a, "failed");
    }

    private static void assertOnlyWs1Failed(AuditActivity a, String why) {
        assertEquals(1, a.issues().size(), a.issues().toString());
        SourceIssue issue = a.issues().get(0);
        assertEquals(WS1, issue.workspaceId());
        assertTrue(issue.message().contains(why), issue.message());
        assertTrue(a.groupsFor(KEY).isEmpty(), "no activity read from a failed workspace");
        assertEquals(1, a.groupsFor(KEY_B).size(), "the other workspace is read");
    }

    @Test
    void queryAsksTheServerToWaitForTheQueryTimeout() {
        twoWorkspacesWithActivity();

        source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertTrue(logs.server().received().get(0).header("Prefer").contains("wait=180"));
    }

    @Test
    void callerNamesComeFromSignInLogs() {
        twoWorkspacesWithActivity();
        logs.signInNames(WS1, Map.of(PRINCIPAL, "stcmkdata"));

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertEquals("stcmkdata", a.callerName(PRINCIPAL));
        assertEquals(1, logs.queries(WS1, "names"));
    }

    @Test
    void absentSignInTablesAreNormal() {
        twoWorkspacesWithActivity();

        AuditActivity a = source().read(List.of(resource("st", KEY, WS1)), WINDOW);

        assertTrue(a.issues().isEmpty());
        assertEquals(1, logs.queries(WS1, "names"));
    }

    @Test
    void readAllReturnsEveryKeysActivityInTheWorkspaces() {
        twoWorkspacesWithActivity();

        AuditActivity a = source().readAll(Set.of(WS1, WS2), WINDOW);

        assertEquals(Set.of(KEY, KEY_B), a.groupsByKey().keySet());
        assertTrue(a.vaultHasRecords("kv-a") && a.vaultHasRecords("kv-b"));
    }

    @Test
    void readAllRefusesAWorkspaceIdThatIsNotAGuid() {
        AuditActivity a = source().readAll(Set.of("11111111-1111-1111-1111-111111111111/../x"), WINDOW);

        assertEquals(1, a.issues().size());
        assertEquals(0, logs.server().received().size());
    }
}
