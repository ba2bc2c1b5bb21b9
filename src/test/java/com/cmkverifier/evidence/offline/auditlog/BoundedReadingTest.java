package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.model.KeyId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.STG_CMK;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.MAY_14;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guards against reading that holds a file or its records: counts bytes and groups, never time. */
class BoundedReadingTest {

    /** The open stream's two 1 MiB buffers, the line buffer and format detection's look-ahead, with room. */
    private static final long MAX_READ_AHEAD = 4L << 20;
    private static final String LINE = "{\"time\":\"%s\",\"resourceId\":\"/SUBSCRIPTIONS/00000000-0000-0000-0000-"
            + "000000000000/RESOURCEGROUPS/RG-KEYS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD\",\"operationName\":"
            + "\"KeyUnwrap\",\"identity\":{\"claim\":{\"oid\":\"%s\"}},\"properties\":{\"id\":"
            + "\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk/0123456789abcdef0123456789abcdef\","
            + "\"httpStatusCode\":200}}";
    private static final List<String> CALLERS = List.of("11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222", "33333333-3333-3333-3333-333333333333");

    /** Records of every caller over the day, made once: the stream repeats them. */
    private static final List<String> LINES = IntStream.range(0, 3000).mapToObj(n -> String.format(LINE,
            Instant.parse("2024-05-14T00:00:00Z").plusSeconds(n * 28L), CALLERS.get(n % CALLERS.size()))).toList();

    private static String line(long n) {
        return LINES.get((int) (n % LINES.size()));
    }

    /**
     * As {@link #line}, naming a key of its own (of one length): the builder asks whether a key is of interest once
     * per key, and the probe below must be asked once per record.
     */
    private static String lineOfItsOwnKey(long n) {
        return line(n).replace("/keys/stg-cmk/", String.format("/keys/stg-cmk-%07d/", n));
    }

    @Test
    void aFileIsReadAheadOnlyAsFarAsItsBuffersNeverWhole() {
        long records = 200_000;
        long lineBytes = lineOfItsOwnKey(0).length() + 1;
        GeneratedLines file = new GeneratedLines(records, BoundedReadingTest::lineOfItsOwnKey);
        long[] delivered = {0};
        long[] maxAhead = {0};
        // Asked once per record, as the record reaches the builder: how far beyond it has the file been read?
        Predicate<KeyId> watch = key -> {
            delivered[0]++;
            maxAhead[0] = Math.max(maxAhead[0], file.handedOut() - delivered[0] * lineBytes);
            return false;
        };
        AuditActivityBuilder out = new AuditActivityBuilder(MAY_14, watch);
        new AuditFileReader(Path.of("generated/PT1H.json"), out).read(file);

        assertEquals(records, delivered[0]);
        assertTrue(records * lineBytes > 10 * MAX_READ_AHEAD, "the file must dwarf the bound");
        assertTrue(maxAhead[0] <= MAX_READ_AHEAD, "read " + maxAhead[0] + " bytes ahead of the records");
    }

    @Test
    void aMillionRecordsOfThreeCallersKeepThreeGroups() {
        long records = 1_000_000;
        AuditActivityBuilder out = new AuditActivityBuilder(MAY_14, key -> true);
        new AuditFileReader(Path.of("generated/PT1H.json"), out).read(new GeneratedLines(records,
                BoundedReadingTest::line));
        AuditActivity activity = out.build();

        List<ActivityGroup> groups = activity.groupsFor(STG_CMK);
        assertEquals(records, activity.inputs().records());
        assertEquals(CALLERS.size(), groups.size());
        assertEquals(records, groups.stream().mapToLong(ActivityGroup::count).sum());
    }
}
