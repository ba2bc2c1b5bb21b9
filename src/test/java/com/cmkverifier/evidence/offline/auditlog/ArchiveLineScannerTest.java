package com.cmkverifier.evidence.offline.auditlog;

import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.evidence.offline.EvidenceFixtures;
import com.cmkverifier.evidence.offline.EvidenceInput;
import com.cmkverifier.lab.LabGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static com.cmkverifier.evidence.offline.EvidenceFixtures.fixture;
import static com.cmkverifier.evidence.offline.auditlog.AuditEvidence.MAY_14;
import static com.cmkverifier.evidence.offline.auditlog.ScannedAndTreeReading.EVER;
import static com.cmkverifier.evidence.offline.auditlog.ScannedAndTreeReading.assertPlainReadMatchesTree;
import static com.cmkverifier.evidence.offline.auditlog.ScannedAndTreeReading.assertSameActivity;
import static com.cmkverifier.evidence.offline.auditlog.ScannedAndTreeReading.assertScanMatchesTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scanning a line gives exactly the record, and reading a file exactly the activity, that trees give. */
class ArchiveLineScannerTest {

    private static final Path SAMPLE_LAB_LOGS = Path.of("samples/lab/logs");
    private static final Predicate<KeyId> ANY_KEY = k -> true;
    /** A registered key whose name is a prefix of other keys' names. */
    private static final Predicate<KeyId> STG_CMK_ONLY = EvidenceFixtures.STG_CMK::equals;

    @TempDir
    static Path synthetic;

    @BeforeAll
    static void writeSyntheticEvidence() {
        int exit = new CommandLine(new LabGenerator()).execute("synthetic", "--out", synthetic.toString(),
                "--size-mb", "2", "--resources", "40", "--vaults", "3");
        assertEquals(0, exit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audit/story", "audit/quirks", "audit/malformed", "real-records"})
    void everyFixtureGivesTheSameActivityScannedAsFromTrees(String dir) {
        assertSameActivity(List.of(fixture(dir)), EVER, ANY_KEY);
        assertSameActivity(List.of(fixture(dir)), MAY_14, STG_CMK_ONLY);
    }

    @Test
    void theSampleLabGivesTheSameActivityScannedAsFromTrees() {
        assertSameActivity(List.of(SAMPLE_LAB_LOGS), EVER, ANY_KEY);
    }

    @Test
    void syntheticEvidenceGivesTheSameActivityScannedAsFromTrees() {
        assertSameActivity(List.of(synthetic.resolve("logs")), EVER, k -> k.keyName().startsWith("cmk-"));
    }

    @Test
    void everyGeneratedArchiveLineIsScannedRatherThanParsedAsATree() throws IOException {
        List<String> lines = lines(synthetic.resolve("logs"));
        long scanned = lines.stream().filter(ScannedAndTreeReading::assertScanMatchesTree).count();
        long readAsBytes = lines.stream().filter(ScannedAndTreeReading::assertPlainReadMatchesTree).count();
        assertTrue(lines.size() > 1000, "enough lines to mean something: " + lines.size());
        assertEquals(lines.size(), scanned);
        assertEquals(lines.size(), readAsBytes);
    }

    @Test
    void everyCompleteSampleLabArchiveLineIsScanned() throws IOException {
        List<String> lines = lines(SAMPLE_LAB_LOGS.resolve("insights-logs-auditevent"));
        long scanned = lines.stream().filter(ScannedAndTreeReading::assertScanMatchesTree).count();
        long readAsBytes = lines.stream().filter(ScannedAndTreeReading::assertPlainReadMatchesTree).count();
        // The lab's open blob ends in half a line.
        assertEquals(lines.size() - 1, scanned);
        assertEquals(lines.size() - 1, readAsBytes);
    }

    /**
     * One reader, its caches shared by every line as a reader thread's are: the generated, the sample lab's and
     * damaged lines in turn, each read to the tree's record (a cached string or caller of another line would
     * show as a different record).
     */
    @Test
    void oneReaderReadsEveryLineAfterAnyOtherToItsTreesRecord() throws IOException {
        List<String> lines = new ArrayList<>(lines(synthetic.resolve("logs")));
        lines.addAll(lines(SAMPLE_LAB_LOGS.resolve("insights-logs-auditevent")));
        Random random = new Random(24);
        for (int i = 0, n = lines.size(); i < n; i++) {
            // The same record with a letter of one of its values changed: same length, same places, other text.
            String l = lines.get(random.nextInt(n));
            int at = l.indexOf("\":\"", random.nextInt(l.length())) + 4;
            if (at > 3 && at < l.length() && Character.isLetterOrDigit(l.charAt(at))) {
                char c = l.charAt(at);
                lines.add(l.substring(0, at) + (char) (c == 'z' || c == 'Z' || c == '9' ? c - 1 : c + 1)
                        + l.substring(at + 1));
            }
        }
        Collections.shuffle(lines, random);
        PlainArchiveLine reader = new PlainArchiveLine();
        long read = lines.stream().filter(l -> assertPlainReadMatchesTree(reader, l)).count();
        assertTrue(read > lines.size() * 9 / 10, read + " of " + lines.size());
    }

    /** A resource id compared as a block with the previous line's: longer, shorter or one byte off is another id. */
    @Test
    void oneReaderReadsAResourceIdThatDiffersFromThePreviousOneToItsTreesRecord() {
        PlainArchiveLine reader = new PlainArchiveLine();
        String line = plainRecord("10:00:00", "\"oid\":\"O1\"");
        for (String end : List.of("KV-CMK-PROD", "KV-CMK-PROD2", "KV-CMK-PROD", "KV-CMK-PRO", "KV-CMK-PRODX",
                "KV-CMK-PROE", "KV-CMK-PROD")) {
            String variant = line.replace("KV-CMK-PROD\"", end + "\"");
            assertTrue(assertPlainReadMatchesTree(reader, variant), variant);
        }
        // An escape after the same bytes: not plain, so left to the parser rather than taken for the previous id.
        assertNull(reader.read(line.replace("KV-CMK-PROD\"", "KV-CMK-PROD\\u0041\"").getBytes(StandardCharsets.UTF_8), 0,
                line.length() + 6));
    }

    /** The hash worked out while scanning is the table's: a repeated value is looked up, not made again. */
    @Test
    void oneReaderGivesARepeatedValueAsTheSameString() {
        PlainArchiveLine reader = new PlainArchiveLine();
        byte[] first = plainRecord("10:00:00", "\"oid\":\"O1\"").getBytes(StandardCharsets.UTF_8);
        byte[] second = plainRecord("11:00:00", "\"oid\":\"O1\"").getBytes(StandardCharsets.UTF_8);
        RawRecord a = reader.read(first, 0, first.length);
        RawRecord b = reader.read(second, 0, second.length);
        assertSame(a.operation(), b.operation());
        assertSame(a.id(), b.id());
        assertSame(a.caller(), b.caller());
    }

    /**
     * Callers that share one or two of their three claims, and whose claims have equal hash codes ("Aa" and "BB"
     * do), so that every one of them competes for the same cache entry: each is read as its own.
     */
    @Test
    void oneReaderTellsApartCallersThatShareClaims() {
        PlainArchiveLine reader = new PlainArchiveLine();
        Random random = new Random(7);
        List<String> equalHashes = List.of("AaAa", "AaBB", "BBAa", "BBBB");
        for (int i = 0; i < 3000; i++) {
            String claims = "\"oid\":\"O" + equalHashes.get(random.nextInt(4)) + "\",\"appid\":\"A"
                    + equalHashes.get(random.nextInt(4)) + "\"" + (random.nextBoolean() ? ""
                    : ",\"xms_mirid\":\"/M/" + equalHashes.get(random.nextInt(4)) + "\"");
            String line = plainRecord("10:00:00", claims);
            assertTrue(assertPlainReadMatchesTree(reader, line), line);
        }
    }

    private static String plainRecord(String time, String claims) {
        return "{\"time\":\"2024-05-14T" + time + ".1234567Z\"," + RID + ",\"operationName\":\"KeyUnwrap\","
                + "\"identity\":{\"claim\":{" + claims + "}},\"properties\":{" + ID + ",\"httpStatusCode\":200}}";
    }

    @Test
    void trickyButPlainRecordsAreScannedToTheTreesRecord() {
        for (String line : List.of(
                record("\"id\":\"https://KV-CMK-PROD.VAULT.AZURE.NET/keys/STG-CMK/" + EvidenceFixtures.V1 + "\"", CLAIM),
                record("\"requestUri\":\"https://kv-cmk-prod.vault.azure.net/deletedkeys/stg-cmk-2?api-version=7.4\"",
                        CLAIM),
                record(ID, "{\"claim\":{\"" + Claims.OBJECT_ID_URI + "\":\"AB\\u0043D\",\"appid\":\"a\\\"b\"}}"),
                record(ID, "\"{\\\"claim\\\":{\\\"appid\\\":\\\"44444444\\\"}}\""),
                record(ID, "null"))) {
            assertTrue(assertScanMatchesTree(line), line);
            assertPlainReadMatchesTree(line);
        }
    }

    @Test
    void recordsOutsideThePlainArchiveLayoutAreLeftToTheTree() throws IOException {
        for (String line : List.of(
                record(ID, "{\"oid\":\"claims-without-claim-object\"}"),
                record(ID, "{\"claim\":{\"http_schemas_microsoft_com_identity\":{\"claims\":{\"objectidentifier\":"
                        + "\"nested\"}}}}"),
                record(ID, "{\"claim\":\"{\\\"oid\\\":\\\"claim-as-text\\\"}\"}"),
                record(ID + ",\"id\":\"https://kv-cmk-prod.vault.azure.net/keys/repeated\"", CLAIM),
                record(ID + ",\"httpStatusCode\":200.0", CLAIM),
                "{\"records\":[" + record(ID, CLAIM) + "]}",
                "{\"TimeGenerated\":\"2024-05-14T10:00:00Z\",\"OperationName\":\"KeyUnwrap\"}",
                "[" + record(ID, CLAIM) + "]")) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertNull(new ArchiveLineScanner().scan(bytes, 0, bytes.length), line);
            assertNull(new PlainArchiveLine().read(bytes, 0, bytes.length), line);
        }
    }

    @Property(tries = 300)
    void anyRecordIsScannedToTheTreesRecordOrLeftToTheTree(@ForAll("trickyRecords") String line) {
        Statistics.label("tokens").collect(assertScanMatchesTree(line) ? "scanned" : "left to the tree");
        Statistics.label("bytes").collect(assertPlainReadMatchesTree(line) ? "read" : "left to the parser");
        // Without this the property would also hold for a scanner that never answers.
        Statistics.label("tokens").coverage(c -> c.check("scanned").percentage(p -> p >= 10));
        Statistics.label("bytes").coverage(c -> c.check("read").percentage(p -> p >= 5));
    }

    /**
     * The sample lab's lines with bytes inserted, deleted or replaced (JSON's own punctuation, digits, letters, escapes,
     * control and non-ASCII characters): the byte reader answers the tree's record or leaves the line.
     */
    @Property(tries = 2000)
    void anyDamagedArchiveLineIsReadAsItsTreeOrLeftToTheParser(@ForAll("damagedLines") String line) {
        Statistics.collect(assertPlainReadMatchesTree(line) ? "read" : "left to the parser");
        Statistics.coverage(c -> c.check("read").percentage(p -> p >= 5));
    }

    @Provide
    Arbitrary<String> damagedLines() throws IOException {
        List<String> lines = lines(SAMPLE_LAB_LOGS.resolve("insights-logs-auditevent"));
        Arbitrary<String> piece = Arbitraries.of("{", "}", "[", "]", "\"", ",", ":", " ", "\t", "\r", "\\",
                "\\u0041", "0", "01", "-", ".", "e", "1e5", "-0", "9999999999", "t", "true", "null", "x", "\u0001",
                "\u007f", "\u00e9", "\ufeff", "{\"a\":[1,{\"b\":null}]}", "");
        return Combinators.combine(Arbitraries.of(lines), piece, Arbitraries.integers().between(0, 1_000_000),
                Arbitraries.integers().between(0, 3)).as((l, p, at, cut) -> {
            int i = at % (l.length() + 1);
            return l.substring(0, i) + p + l.substring(Math.min(l.length(), i + cut));
        });
    }

    @Property(tries = 60)
    void anyFileOfRecordsGivesTheSameActivityScannedAsFromTrees(
            @ForAll("trickyFiles") List<String> lines) throws IOException {
        inOneFile(String.join("\n", lines), dir -> {
            assertSameActivity(List.of(dir), MAY_14, STG_CMK_ONLY);
            assertSameActivity(List.of(dir), MAY_14, ANY_KEY);
        });
    }

    /** Writes {@code content} as an archive blob in a directory of its own, checks it, and removes it. */
    private static void inOneFile(String content, Consumer<Path> check) throws IOException {
        Path dir = Files.createTempDirectory("scan");
        try {
            Files.writeString(dir.resolve("PT1H.json"), content, StandardCharsets.UTF_8);
            check.accept(dir);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Files larger than the line buffer, so that lines straddle its refills, of plain and other lines with every
     * kind of line end (CR LF, spaces and CRs before it, blank lines, none after the last line): reading plain
     * lines in one pass, which finds their ends itself, gives the activity trees give, skipped lines' numbers
     * included.
     */
    @Property(tries = 12)
    void anyFileOfLinesWithAnyLineEndsGivesTheSameActivityReadInOnePass(
            @ForAll("linesWithEnds") List<String> pieces) throws IOException {
        inOneFile(String.join("", pieces), dir -> assertSameActivity(List.of(dir), EVER, ANY_KEY));
    }

    @Provide
    Arbitrary<List<String>> linesWithEnds() throws IOException {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                // jqwik runs no @BeforeAll: the sample lab's lines, not the synthetic ones.
                Tuple.of(20, Arbitraries.of(lines(SAMPLE_LAB_LOGS.resolve("insights-logs-auditevent")))),
                Tuple.of(3, trickyRecords()), Tuple.of(1, damagedLines()), Tuple.of(1, Arbitraries.of("", "  ", "\t")));
        Arbitrary<String> end = Arbitraries.of("\n", "\n", "\n", "\r\n", " \r\n", "\r\r\n", "\t\n", "\n\n", "\r",
                " ");
        return Combinators.combine(line, end).as(String::concat).list().ofMinSize(300).ofMaxSize(700);
    }

    // --- records ----------------------------------------------------------------------------------------------

    private static final String RID = "\"resourceId\":\"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000"
            + "/RESOURCEGROUPS/RG-KEYS/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV-CMK-PROD\"";
    private static final String ID = "\"id\":\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk\"";
    private static final String CLAIM = "{\"claim\":{\"oid\":\"11111111-1111-1111-1111-111111111111\"}}";

    private static String record(String properties, String identity) {
        return "{\"time\":\"2024-05-14T10:00:00.1234567Z\"," + RID + ",\"operationName\":\"KeyUnwrap\","
                + "\"resultDescription\":\"caf\\u00e9 \\\"quoted\\\"\\n\",\"identity\":" + identity
                + ",\"properties\":{" + properties + ",\"httpStatusCode\":200}}";
    }

    @Provide
    Arbitrary<List<String>> trickyFiles() {
        return trickyRecords().list().ofMinSize(1).ofMaxSize(30);
    }

    /** Records put together from fields in their documented forms and in forms no record should have. */
    @Provide
    Arbitrary<String> trickyRecords() {
        Arbitrary<String> time = Arbitraries.of("\"2024-05-14T10:00:00.1234567Z\"", "\"2024-05-14T10:00:00Z\"",
                "\"2024-05-14T23:59:59.999999999Z\"", "\"2024-05-14T10:00:00.5Z\"", "\"2024-05-14T12:00:00+02:00\"",
                "\"2024-05-14 10:00:00\"", "\"2024-05-14t10:00:00z\"", "\"2024-02-30T10:00:00Z\"",
                "\"2024-05-14T24:00:00Z\"", "\"2024-05-14T23:59:60Z\"", "\"2024-05-14T10:00:00.Z\"", "\"yesterday\"",
                "1715680800", "\"1715680800\"", "null", "\"\"", "{}", "1.5e9", "true");
        Arbitrary<String> key = Combinators.combine(
                Arbitraries.of("https://kv-cmk-prod.vault.azure.net", "https://KV-CMK-PROD.VAULT.AZURE.NET:443",
                        "https://hsm-cmk.managedhsm.azure.net", "kv-cmk-prod.vault.azure.net"),
                Arbitraries.of("/keys/", "/deletedkeys/", "/secrets/", "/KEYS/", "/"),
                Arbitraries.of("stg-cmk", "stg-cmk-2", "stg", "STG-CMK", "stg\\u002dcmk", ""),
                Arbitraries.of("", "/" + EvidenceFixtures.V1, "/" + EvidenceFixtures.V1.toUpperCase(), "/",
                        "/unwrapkey", "/" + EvidenceFixtures.V1 + "/unwrapkey?api-version=7.4", "?x=/keys/other"))
                .as((host, path, name, rest) -> "\"" + host + path + name + rest + "\"");
        Arbitrary<String> status = Arbitraries.of("200", "\"200\"", "403", "\"403\"", "200.0", "2e2", "\"abc\"",
                "null", "true", "4294967296", "\"\"", "[200]");
        Arbitrary<String> identity = Arbitraries.of("{}", CLAIM,
                "{\"claim\":{\"oid\":\"AA\",\"appid\":\"BB\",\"xms_mirid\":\"/SUBSCRIPTIONS/X/ID\"}}",
                "{\"claim\":{\"" + Claims.OBJECT_ID_URI + "\":\"CC\"}}",
                "{\"claim\":{\"oid\":\"\",\"" + Claims.OBJECT_ID_URI + "\":\"CC\"}}",
                "{\"claim\":{\"http_schemas_microsoft_com_identity\":{\"claims\":{\"objectidentifier\":\"DD\"}}}}",
                "\"{\\\"claim\\\":{\\\"appid\\\":\\\"EE\\\"}}\"", "\"not json\"", "null", "42", "[]",
                "{\"oid\":\"FF\"}", "{\"claim\":\"{\\\"oid\\\":\\\"GG\\\"}\"}", "{\"claim\":null}",
                "{\"claim\":{\"oid\":7}}", "{\"claim\":{\"oid\":{\"x\":1},\"appid\":[1]}}",
                "{\"claim\":{\"oid\":\"H\\u0048\"},\"claim\":{\"oid\":\"II\"}}", "{\"other\":{\"oid\":\"JJ\"}}");
        Arbitrary<String> resourceId = Arbitraries.of(RID, RID.toLowerCase(),
                "\"resourceId\":\"/subscriptions/x/resourceGroups/microsoft.keyvault-rg/providers/Microsoft.KeyVault"
                        + "/managedHSMs/HSM-CMK\"", "\"resourceId\":\"KV-BARE\"", "\"resourceId\":null", "");
        Arbitrary<String> description = Arbitraries.of("", "\"resultDescription\":\"\"",
                "\"resultDescription\":\"Operation unwrapKey is not allowed on a disabled key.\"",
                "\"resultDescription\":\"tab\\there \\\"quoted\\\" \\u00e9\\ud83d\\ude00 back\\\\slash\"",
                "\"resultDescription\":\"" + "x".repeat(400) + "\"", "\"resultDescription\":12");
        Arbitrary<String> oddity = Arbitraries.of("", "", "", "", "", "", "", "", "\"records\":[]", "\"records\":5",
                "\"TimeGenerated\":\"2024-05-14T10:00:00Z\"", "\"OperationName\":\"KeyGet\"",
                "\"properties\":{\"id\":\"https://kv-cmk-prod.vault.azure.net/keys/stg-cmk-2\"}",
                "\"time\":\"2024-05-14T11:00:00Z\"", "\"properties\":\"text\"", "\"identity\":{}",
                "\"category\":{\"nested\":[1,{\"a\":null}]}", "\"durationMs\":\"7\"");
        Arbitrary<List<String>> fields = Combinators.combine(time, key, status, identity, resourceId, description, oddity,
                Arbitraries.integers().between(0, 7)).as((t, k, s, i, r, d, o, where) -> {
            List<String> top = new ArrayList<>();
            top.add("\"time\":" + t);
            top.add("\"operationName\":\"KeyUnwrap\"");
            top.add("\"identity\":" + i);
            addIfAny(top, r);
            addIfAny(top, d);
            addIfAny(top, o);
            List<String> props = new ArrayList<>();
            // Where id, requestUri and status go: under properties (vaults) or at the top (Managed HSM).
            (where % 2 == 0 ? props : top).add("\"httpStatusCode\":" + s);
            (where < 4 ? props : top).add((where % 4 < 2 ? "\"id\":" : "\"requestUri\":") + k);
            if (where == 3) {
                top.add("\"requestUri\":" + k);
            }
            top.add("\"properties\":{" + String.join(",", props) + "}");
            return top;
        });
        return Combinators.combine(fields, Arbitraries.randoms(), Arbitraries.integers().between(0, 14))
                .as((f, random, damage) -> damaged(shuffled(f, random), damage, random));
    }

    private static void addIfAny(List<String> fields, String field) {
        if (!field.isEmpty()) {
            fields.add(field);
        }
    }

    private static String shuffled(List<String> fields, Random random) {
        List<String> order = new ArrayList<>(fields);
        Collections.shuffle(order, random);
        return "{" + String.join(",", order) + "}";
    }

    /** Mostly intact; else cut short, followed by more text, wrapped, or not an object at all. */
    private static String damaged(String line, int damage, Random random) {
        return switch (damage) {
            case 0 -> line.substring(0, random.nextInt(line.length()));
            case 1 -> line + " {\"trailing\":1}";
            case 2 -> "{\"records\":[" + line + "]}";
            case 3 -> "[" + line + "]";
            case 4 -> "  " + line + "\t";
            default -> line;
        };
    }

    private static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path f : EvidenceInput.files(List.of(dir), (input, e) -> {
            throw new UncheckedIOException(new IOException(e));
        })) {
            if (f.toString().endsWith(".json")) {
                Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(lines::add);
            }
        }
        return lines;
    }
}
