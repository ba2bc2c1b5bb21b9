package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.fixture;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.MAY_14;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A sweep starts reading every key's activity before its registry is read: the answer for the resources must be
 * what reading for them gives, and the files are read once.
 */
class EarlyReadingTest {

    private static final List<Path> LOGS = List.of(fixture("audit/story"), fixture("audit/quirks/PT1H.json"));
    private static final List<ProtectedResource> STORAGE = List.of(new ProtectedResource("stcmkdata",
            "Microsoft.Storage/storageAccounts", null,
            KeyReference.parse("https://kv-cmk-prod.vault.azure.net/keys/stg-cmk"), null, null, null, null, null, null,
            null));

    @Test
    void readingStartedEarlyAnswersForTheResourcesKeysAsReadingForThemDoes() {
        AtomicInteger filesRead = new AtomicInteger();
        OfflineAuditLogSource early = new OfflineAuditLogSource(LOGS, (done, total) -> filesRead.incrementAndGet())
                .startReading(MAY_14);
        AuditActivity answer = early.read(STORAGE, MAY_14);
        AuditActivity expected = new OfflineAuditLogSource(LOGS, ReadProgress.NONE).read(STORAGE, MAY_14);

        assertEquals(AuditEvidence.groups(expected), AuditEvidence.groups(answer));
        // Other keys of the files were read too, and left out of the answer.
        assertNotEquals(AuditEvidence.groups(expected), AuditEvidence.groups(
                new OfflineAuditLogSource(LOGS, ReadProgress.NONE).readAll(MAY_14)));
        assertEquals(expected.vaultsWithRecords(), answer.vaultsWithRecords());
        assertEquals(expected.issues(), answer.issues());
        assertEquals(expected.inputs(), answer.inputs());
        assertEquals(expected.latestRecordFor(STORAGE.get(0)), answer.latestRecordFor(STORAGE.get(0)));
        assertEquals(10, filesRead.get());
    }

    @Test
    void anotherWindowIsReadAnew() {
        OfflineAuditLogSource early = new OfflineAuditLogSource(LOGS, ReadProgress.NONE).startReading(MAY_14);
        Window dayBefore = new Window(MAY_14.from().minusSeconds(86_400), MAY_14.from());

        // The story's records are all on May 14: the day before has none of them.
        assertNotEquals(Map.of(), AuditEvidence.groups(early.read(STORAGE, MAY_14)));
        assertEquals(Map.of(), AuditEvidence.groups(early.read(STORAGE, dayBefore)));
    }
}
