package com.cmkverifier.output;

import com.cmkverifier.core.activity.InputStats;
import com.cmkverifier.core.activity.SkippedInput;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.verdict.KeyVersionReport;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.json.Jackson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {

    private static final Instant AT = Instant.parse("2026-11-20T06:00:00Z");
    private static final Window WINDOW = Window.ending(AT, Window.DEFAULT_LENGTH);

    private static Verdict verdict(String name, VerdictStatus status, FindingCode... codes) {
        List<Finding> findings = java.util.Arrays.stream(codes)
                .map(c -> new Finding(c, "msg <" + c + "> & \"quoted\"", Map.of("count", 3), "fix " + c)).toList();
        return new Verdict(name, "Microsoft.Storage/storageAccounts", "https://kv1.vault.azure.net/keys/k", WINDOW,
                status, findings, List.of(new KeyVersionReport("0123456789abcdef0123456789abcdef", true,
                AT.minusSeconds(86400 * 10), null, true, 12, AT.minusSeconds(60))));
    }

    private static VerificationReport report() {
        return new VerificationReport(AT, WINDOW, List.of(
                verdict("ok", VerdictStatus.VERIFIED, FindingCode.KEY_USE_CONFIRMED),
                verdict("bad", VerdictStatus.FAILED, FindingCode.KEY_USE_FAILING, FindingCode.KEY_DISABLED),
                verdict("unsure", VerdictStatus.INCONCLUSIVE, FindingCode.NO_KEY_USE),
                verdict("meh", VerdictStatus.WARNING, FindingCode.KEY_USE_CONFIRMED, FindingCode.KEY_EXPIRED)),
                new InputStats(4, 100, 1, List.of(new SkippedInput("logs/a.json", 7, "malformed JSON"))));
    }

    @Test
    void jsonHasTheSpecShape() throws Exception {
        JsonNode json = Jackson.MAPPER.readTree(JsonReport.write(report()));
        assertEquals("2026-11-20T06:00:00Z", json.path("evaluatedAt").asText());
        assertEquals("2026-11-19T06:00:00Z", json.path("window").path("from").asText());
        assertEquals(4, json.path("results").size());
        JsonNode bad = json.path("results").get(1);
        assertEquals("FAILED", bad.path("status").asText());
        assertEquals("KEY_USE_FAILING", bad.path("findings").get(0).path("code").asText());
        assertEquals("error", bad.path("findings").get(0).path("severity").asText());
        assertEquals(3, bad.path("findings").get(0).path("evidence").path("count").asInt());
        assertEquals(12, bad.path("keyVersions").get(0).path("successfulUses").asInt());
        assertEquals(1, json.path("summary").path("VERIFIED").asInt());
        assertEquals(1, json.path("summary").path("FAILED").asInt());
        assertEquals(1, json.path("inputs").path("skipped").asInt());
        assertEquals(7, json.path("inputs").path("skippedLines").get(0).path("line").asInt());
    }

    @Test
    void junitHasOneCasePerResourceFailureForFailedSkippedForInconclusive() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
                new ByteArrayInputStream(JunitReport.write(report()).getBytes(StandardCharsets.UTF_8)));
        var cases = doc.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element bad = (Element) cases.item(1);
        assertEquals("bad", bad.getAttribute("name"));
        assertEquals(1, bad.getElementsByTagName("failure").getLength());
        assertTrue(bad.getElementsByTagName("failure").item(0).getTextContent().contains("msg <KEY_DISABLED> & \"quoted\""));
        assertEquals(1, ((Element) cases.item(2)).getElementsByTagName("skipped").getLength());
        assertEquals(0, ((Element) cases.item(3)).getElementsByTagName("failure").getLength());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
    }

    @Test
    void tableShowsEachResourceAndTheFixesOfNotableFindingsWithoutColourWhenAsked() {
        String table = TableReport.write(report(), false);
        assertTrue(table.contains("bad"));
        assertTrue(table.contains("fix: fix KEY_DISABLED"));
        assertFalse(table.contains("fix: fix KEY_USE_CONFIRMED"), "info findings need no fix line");
        assertFalse(table.contains("\u001b["), "no ANSI colour when not on a terminal");
        assertTrue(table.contains("1 VERIFIED, 1 WARNING, 1 INCONCLUSIVE, 1 FAILED"));
        assertTrue(table.contains("skipped logs/a.json:7: malformed JSON"));
        assertTrue(TableReport.write(report(), true).contains("\u001b[31m"), "failed in red on a terminal");
    }

    @Test
    void htmlEscapesEveryTextFromTheEvidence() {
        String html = HtmlReport.write(report());
        assertFalse(html.contains("<KEY_"), "finding messages are text, not markup");
        assertTrue(html.contains("msg &lt;KEY_DISABLED&gt; &amp; \"quoted\""));
        assertEquals(4, html.split("<tr data-resource=", -1).length - 1);
        assertEquals(1, html.split("<figure class=\"timeline\"", -1).length - 1, "the four verdicts share one key");
    }

    @Test
    void markdownKeepsATableRowWhenANameHoldsAPipeOrANewline() {
        Verdict odd = new Verdict("a|b\nc", "Microsoft.Sql/servers", "https://kv1.vault.azure.net/keys/k", WINDOW,
                VerdictStatus.FAILED, List.of(new Finding(FindingCode.KEY_DISABLED, "off\nline", Map.of(), "fix")),
                List.of());
        String md = MarkdownReport.write(new VerificationReport(AT, WINDOW, List.of(odd), InputStats.NONE));
        assertTrue(md.contains("| a\\|b c | Microsoft.Sql/servers | \u274c FAILED | `KEY_DISABLED` |"), md);
        assertTrue(md.contains("`KEY_DISABLED`: off line"), md);
    }
}
