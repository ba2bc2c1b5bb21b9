package com.cmkverifier.testing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Microsoft's KQL parser and semantic analyzer (Kusto.Language) over query texts, through
 * {@code src/test/node/kql-check.js} and the tables of {@code src/test/resources/kql/schema.json}. One Node
 * process per {@link #run} call: batch the texts, the analyzer takes seconds to load.
 */
public final class KqlCheck {

    private static final Path SCRIPT = Path.of("src/test/node/kql-check.js");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private KqlCheck() {
    }

    /**
     * A text to analyse. Null fields take the script's defaults (database {@code loganalytics}, every table of it
     * present in full, no column expectation).
     *
     * @param tables        the tables that exist; {@code "Name:required"} drops the table's optional columns
     * @param absent        tables that do not exist
     * @param expectColumns {@code "Name:type"} in order
     */
    public record Query(String name, String text, String database, List<String> tables, List<String> absent,
                        List<String> expectColumns) {

        public static Query of(String name, String text) {
            return new Query(name, text, null, null, null, null);
        }

        /** A Resource Graph text: its tables, and its KQL subset checked. */
        public static Query resourceGraph(String name, String text) {
            return new Query(name, text, "resourcegraph", null, null, null);
        }

        public Query expecting(List<String> columns) {
            return new Query(name, text, database, tables, absent, columns);
        }

        /** The same text in a workspace without these tables, under another name. */
        public Query without(String... tables) {
            return new Query(name + " without " + String.join(",", tables), text, database, this.tables,
                    Arrays.asList(tables), expectColumns);
        }

        /** The same text with only these tables (variants allowed), under another name. */
        public Query withTables(String label, String... tables) {
            return new Query(name + " " + label, text, database, Arrays.asList(tables), absent, expectColumns);
        }
    }

    public record Diagnostic(String severity, String code, String message, int line, int column) {
        @Override
        public String toString() {
            return severity + " " + code + " at " + line + ":" + column + ": " + message;
        }
    }

    /**
     * @param subsetProblems for database {@code resourcegraph}: what lies outside the KQL subset Resource Graph
     *                       accepts, found on the syntax tree (the analyzer alone accepts {@code let})
     */
    public record Result(String name, int errors, List<Diagnostic> diagnostics, List<String> columns,
                         List<String> columnProblems, List<String> subsetProblems) {

        public Result {
            subsetProblems = subsetProblems == null ? List.of() : subsetProblems;
        }

        /** Error diagnostics, column and subset problems, one per line; empty when the text passed. */
        public String problems() {
            return diagnostics.stream().filter(d -> "Error".equals(d.severity())).map(Diagnostic::toString)
                    .collect(Collectors.joining("\n", "", columnProblems.isEmpty() ? "" : "\n"))
                    + String.join("\n", columnProblems)
                    + (subsetProblems.isEmpty() ? "" : "\n" + String.join("\n", subsetProblems));
        }

        public boolean passed() {
            return errors == 0 && columnProblems.isEmpty() && subsetProblems.isEmpty();
        }

        /** The result columns' names without their types. */
        public List<String> columnNames() {
            return columns.stream().map(c -> c.substring(0, c.lastIndexOf(':'))).toList();
        }
    }

    public static List<Result> run(List<Query> queries) {
        try {
            String out = NodeTools.node(SCRIPT, JSON.writeValueAsString(queries));
            return Arrays.asList(JSON.readValue(out, Result[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("kql-check.js answered something that is not its JSON: " + e.getMessage(), e);
        }
    }
}
