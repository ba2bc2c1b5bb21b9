package com.cmkverifier.evidence.loganalytics;

import com.cmkverifier.testing.wire.FakeLogAnalytics;
import com.cmkverifier.testing.wire.SampleRecords;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.AT;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.KEY;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.PRINCIPAL;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WINDOW;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.WS1;
import static com.cmkverifier.evidence.loganalytics.LogAnalyticsAuditLogSourceTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queries that run are the readable files in docs/kql with only their parameter lines bound. */
class KqlFilesTest {

    private static List<String> withoutLetLines(String text) {
        return text.lines().filter(l -> !l.startsWith("let ")).toList();
    }

    private static String file(String name) throws IOException {
        return Files.readString(Path.of("docs", "kql", name));
    }

    @Test
    void queriesSentAreTheDocumentedFilesWithTheirParametersBound() throws IOException {
        try (FakeLogAnalytics logs = new FakeLogAnalytics()) {
            logs.records(WS1, List.of(SampleRecords.unwrap(AT.minusSeconds(60), KEY, null, PRINCIPAL, 200)));
            LogAnalyticsAuditLogSourceTest.source(logs, 200, Duration.ofMinutes(3), 0).read(List.of(resource("st", KEY, WS1)), WINDOW);

            List<String> sent = logs.queryTexts();
            assertEquals(withoutLetLines(file("key-activity.kql")), withoutLetLines(sent.get(0)));
            assertEquals(withoutLetLines(file("caller-names.kql")), withoutLetLines(sent.get(1)));
            assertTrue(sent.get(0).contains("let keys = dynamic([\"kv-a.vault.azure.net/stg-cmk\"]);"));
        }
    }

    @Test
    void everyParameterMustBeBound() {
        KqlTemplate t = KqlTemplate.load("key-activity.kql");

        assertThrows(IllegalArgumentException.class, () -> t.bind(Map.of("vaults", "dynamic([])")));
    }

    @Test
    void literalBuilderRefusesValuesOutsideTheIdentifierAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> KqlTemplate.strings(List.of("a\"b")));
    }
}
