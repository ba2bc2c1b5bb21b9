package com.cmkverifier.evidence.loganalytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query from {@code docs/kql} (on the classpath under {@code kql/}) whose parameters are the {@code let}
 * statements at its top. Binding replaces those lines and nothing else, so the query that runs is the one
 * people read. Values become literals only through the builders here, which accept nothing but the strict
 * identifier alphabet: there is no escaping to get wrong.
 */
final class KqlTemplate {

    private static final Pattern LET = Pattern.compile("let (\\w+) = .*;");
    /** Every value placed into a query: names, hosts, GUIDs, "host/name" pairs. No quotes, pipes or spaces. */
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9.\\-/]*");

    private final String name;
    private final List<String> lines;
    private final Set<String> parameters;

    private KqlTemplate(String name, List<String> lines, Set<String> parameters) {
        this.name = name;
        this.lines = lines;
        this.parameters = parameters;
    }

    static KqlTemplate load(String fileName) {
        try (InputStream in = KqlTemplate.class.getResourceAsStream("/kql/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("query " + fileName + " is missing from the classpath (kql/)");
            }
            List<String> lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
            Map<String, Integer> params = new LinkedHashMap<>();
            for (String line : lines) {
                Matcher m = LET.matcher(line);
                if (m.matches()) {
                    params.put(m.group(1), params.size());
                } else if (!line.isBlank() && !line.startsWith("//")) {
                    break;
                }
            }
            return new KqlTemplate(fileName, lines, params.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<String> parameters() {
        return parameters;
    }

    /** The query with each parameter's {@code let} line set to the given literal; every parameter must be bound. */
    String bind(Map<String, String> literals) {
        if (!literals.keySet().equals(parameters)) {
            throw new IllegalArgumentException(name + " takes parameters " + parameters + ", got " + literals.keySet());
        }
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            Matcher m = LET.matcher(line);
            out.add(m.matches() && literals.containsKey(m.group(1))
                    ? "let " + m.group(1) + " = " + literals.get(m.group(1)) + ";" : line);
        }
        return String.join("\n", out);
    }

    /** {@code dynamic(["a", "b"])} of values that each match the safe alphabet (lower case identifiers). */
    static String strings(Collection<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            if (!SAFE.matcher(v).matches()) {
                throw new IllegalArgumentException("refusing to place '" + v + "' into a query");
            }
            quoted.add("\"" + v + "\"");
        }
        return "dynamic([" + String.join(", ", quoted) + "])";
    }

    static String datetime(Instant t) {
        return "datetime(" + t.truncatedTo(ChronoUnit.MICROS) + ")";
    }

    static String bool(boolean b) {
        return Boolean.toString(b);
    }
}
