package com.cmkverifier.cli;

import com.cmkverifier.testing.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's HTML report read by a real browser (headless Chromium), and its Markdown job summary. */
class ReadableReportsTest {

    private static final Pattern ROW = Pattern.compile("<tr data-resource=\"([^\"]+)\" data-status=\"([A-Z]+)\">");
    private static final Pattern FIGURE = Pattern.compile(
            "<figure class=\"timeline\" id=\"[^\"]+\" data-key=\"([^\"]+)\">\\s*<figcaption>[^<]*</figcaption>\\s*<svg");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path dir;
    private static Path html;
    private static String dom;

    @BeforeAll
    static void renderDemo() throws Exception {
        html = dir.resolve("demo-report.html");
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("demo", "--format", "html", "--output", html.toString());
        assertEquals(1, run.exit(), run.err());
        dom = Chromium.dumpDom(html);
    }

    @Test
    void theBrowserShowsEveryResourceWithItsStatus() {
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = ROW.matcher(dom);
        while (m.find()) {
            shown.put(m.group(1), m.group(2));
        }
        assertEquals(CliEndToEndTest.LAB_STATUSES, shown);
        assertTrue(dom.contains("<b data-count=\"FAILED\">1</b>"), "summary counts FAILED once");
        assertTrue(dom.contains("<b data-count=\"VERIFIED\">3</b>"));
    }

    @Test
    void theBrowserDrawsOneTimelinePerKeyWithTheFailedUsesOfTheDisabledVersion() throws Exception {
        Set<String> keys = new TreeSet<>();
        CliEndToEndTest.cmkv("demo", "--format", "json").json().path("results")
                .forEach(r -> keys.add(r.path("key").asText()));
        Matcher m = FIGURE.matcher(dom);
        Set<String> drawn = new TreeSet<>();
        int figures = 0;
        while (m.find()) {
            drawn.add(m.group(1));
            figures++;
        }
        assertEquals(keys, drawn);
        assertEquals(keys.size(), figures, "one timeline per key");
        assertTrue(dom.contains("data-version=\"2f161342a197e14636287c68430763e5\" data-successes=\"63\" "
                + "data-failures=\"18\""), "mysql-cmk's disabled version shows its 18 failed uses");
        assertTrue(Pattern.compile("<rect class=\"failed\"[^>]*><title>18 failed use\\(s\\)").matcher(dom).find());
    }

    @Test
    void theFindingsCarryTheirRemediation() {
        assertTrue(dom.contains("<span class=\"code\">KEY_DISABLED</span>"));
        assertTrue(dom.contains("Fix: Enable the key version"));
    }

    @Test
    void theReportNeedsNothingFromElsewhere() throws Exception {
        String text = Files.readString(html);
        for (String outside : new String[] {"<script", " src=", "href=\"http", "url(", "@import", "<link"}) {
            assertFalse(text.contains(outside), "the report must be self-contained, found " + outside);
        }
    }

    @Test
    void theBrowserRendersTheReportToAPng() throws Exception {
        Path png = Path.of("target/reports/demo-report.png");
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Chromium.screenshot(html, png, 1100, 2600);
        byte[] head = new byte[PNG.length];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, PNG.length);
        assertArrayEquals(PNG, head);
    }

    @Test
    void markdownSummaryHasARowPerResourceAndFoldsTheFindings() {
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("demo", "--format", "markdown");
        assertEquals(1, run.exit(), run.err());
        CliEndToEndTest.LAB_STATUSES.forEach((resource, status) ->
                assertTrue(Pattern.compile("(?m)^\\| " + Pattern.quote(resource) + " \\| [^|]+ \\| \\S+ " + status + " \\|")
                        .matcher(run.out()).find(), resource + " " + status));
        long notPassing = CliEndToEndTest.LAB_STATUSES.values().stream().filter(s -> !s.equals("VERIFIED")).count();
        assertEquals(notPassing, Pattern.compile("<details><summary>").matcher(run.out()).results().count());
        assertTrue(run.out().contains("`KEY_DISABLED`: version 2f161342a197e14636287c68430763e5"));
    }

    @Test
    void aJunitRunAlsoWritesTheMarkdownSummaryWhenAsked() throws Exception {
        Path junit = dir.resolve("verdict.xml");
        Path summary = dir.resolve("summary.md");
        CliEndToEndTest.Run run = CliEndToEndTest.cmkv("demo", "--format", "junit", "--output", junit.toString(),
                "--summary", summary.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(Files.readString(junit).startsWith("<?xml"));
        assertTrue(Files.readString(summary).contains("| mysql-orders | Microsoft.DBforMySQL/flexibleServers | \u274c FAILED |"));
    }
}
