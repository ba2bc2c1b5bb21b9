package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.activity.ActivityGroup;
import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/** Fixture access shared by the offline reader tests. */
final class AuditEvidence {

    static final Window MAY_14 = new Window(java.time.Instant.parse("2024-05-14T00:00:00Z"),
            java.time.Instant.parse("2024-05-15T00:00:00Z"));
    static final String STORY_BLOB = "audit/story/insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/"
            + "00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/RG-KEYS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/"
            + "KV-CMK-PROD/y=2024/m=05/d=14/h=10/m=00/PT1H.json";

    private AuditEvidence() {
    }

    static AuditActivity readAll(Path... inputs) {
        return new OfflineAuditLogSource(List.of(inputs), ReadProgress.NONE).readAll(MAY_14);
    }

    /** Groups per key as sets: the order groups come out in carries no meaning. */
    static Map<KeyId, Set<ActivityGroup>> groups(AuditActivity a) {
        Map<KeyId, Set<ActivityGroup>> out = new HashMap<>();
        a.groupsByKey().forEach((k, v) -> out.put(k, new HashSet<>(v)));
        return out;
    }

    static Path gzip(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
                Files.copy(source, out);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
