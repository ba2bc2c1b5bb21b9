package com.cmkverifier.testing.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of KQL that Resource Graph accepts, as its documentation lists it (MicrosoftDocs/azure-docs,
 * articles/governance/resource-graph/concepts/query-language.md, "Supported KQL language elements"): one query
 * statement, no {@code let} (a maintainer confirms it in MicrosoftDocs/azure-docs issue 104044), the listed tabular
 * operators only, join flavors innerunique/inner/leftouter/fullouter and at most 3 joins without custom strategies,
 * at most 2 {@code mv-expand} (the table's limit; the paragraph below it says a default of 3: the stricter holds
 * here), at most 3 union legs and no fuzzy union. A lexer, not a parser: strings and comments are blanked first so
 * that a value can never look like an operator. The build checks the same subset on Kusto.Language's syntax tree
 * (src/test/node/kql-check.js); this is the fake's door.
 */
public final class ResourceGraphLanguage {

    public static final Set<String> OPERATORS = Set.of("count", "distinct", "extend", "join", "limit", "mv-expand",
            "mvexpand", "order", "parse", "project", "project-away", "sort", "summarize", "take", "top", "union",
            "where");
    static final Set<String> JOIN_KINDS = Set.of("innerunique", "inner", "leftouter", "fullouter");
    static final int MAX_JOINS = 3;
    static final int MAX_MV_EXPANDS = 2;
    static final int MAX_UNION_LEGS = 3;

    private static final Pattern OPERATOR = Pattern.compile("\\|\\s*([A-Za-z][A-Za-z-]*)");
    private static final Pattern JOIN_KIND = Pattern.compile("(?i)\\bkind\\s*=\\s*([a-z]+)");

    private ResourceGraphLanguage() {
    }

    /** Why Resource Graph refuses the text, or empty when it is within the documented subset. */
    public static Optional<String> refusal(String query) {
        String text = blank(query);
        List<String> statements = new ArrayList<>();
        for (String s : topLevel(text, ';')) {
            if (!s.isBlank()) {
                statements.add(s.trim());
            }
        }
        for (String s : statements) {
            String first = s.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (Set.of("let", "set", "declare", "alias", "pattern", "restrict").contains(first)) {
                return Optional.of("'" + first + "' statements are not supported");
            }
        }
        if (statements.size() != 1) {
            return Optional.of("exactly one query statement is supported, found " + statements.size());
        }
        if (Pattern.compile("(?i)\\bisfuzzy\\s*=").matcher(text).find()) {
            return Optional.of("fuzzy resolution of union leg tables is not allowed");
        }
        int joins = 0;
        int mvExpands = 0;
        int unionLegs = 0;
        List<String> pieces = topLevelPipes(statements.get(0));
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i).trim();
            // Pieces inside parentheses (union and join legs) are checked by their own pipes below.
            Matcher m = Pattern.compile("^([A-Za-z][A-Za-z-]*)").matcher(piece);
            String op = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
            if (i == 0) {
                if (op.equals("union")) {
                    unionLegs += topLevel(piece.substring(5), ',').size();
                }
                continue;
            }
            if (!OPERATORS.contains(op)) {
                return Optional.of("the tabular operator '" + op + "' is not supported");
            }
            switch (op) {
                case "join" -> {
                    joins++;
                    Matcher kind = JOIN_KIND.matcher(piece);
                    if (kind.find() && !JOIN_KINDS.contains(kind.group(1).toLowerCase(Locale.ROOT))) {
                        return Optional.of("the join flavor '" + kind.group(1) + "' is not supported");
                    }
                    if (piece.toLowerCase(Locale.ROOT).contains("hint.")) {
                        return Optional.of("custom join strategies are not allowed");
                    }
                }
                case "mv-expand", "mvexpand" -> mvExpands++;
                case "union" -> unionLegs += 1 + topLevel(piece.substring(5), ',').size();
                default -> {
                }
            }
        }
        // Operators inside parenthesised legs: every pipe of the text, whatever its depth.
        Matcher any = OPERATOR.matcher(text);
        while (any.find()) {
            String op = any.group(1).toLowerCase(Locale.ROOT);
            if (!OPERATORS.contains(op)) {
                return Optional.of("the tabular operator '" + op + "' is not supported");
            }
        }
        if (joins > MAX_JOINS) {
            return Optional.of("at most " + MAX_JOINS + " joins are allowed, found " + joins);
        }
        if (mvExpands > MAX_MV_EXPANDS) {
            return Optional.of("at most " + MAX_MV_EXPANDS + " mv-expand are allowed, found " + mvExpands);
        }
        if (unionLegs > MAX_UNION_LEGS) {
            return Optional.of("at most " + MAX_UNION_LEGS + " union legs are allowed, found " + unionLegs);
        }
        return Optional.empty();
    }

    /** The text with string literals' contents and comments replaced by spaces (lengths kept). */
    static String blank(String q) {
        StringBuilder out = new StringBuilder(q.length());
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (c == '/' && i + 1 < q.length() && q.charAt(i + 1) == '/') {
                while (i < q.length() && q.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                out.append(c);
                i++;
                while (i < q.length() && q.charAt(i) != c) {
                    if (q.charAt(i) == '\\' && i + 1 < q.length()) {
                        out.append(' ');
                        i++;
                    }
                    out.append(' ');
                    i++;
                }
                if (i < q.length()) {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Splits on {@code sep} outside parentheses and brackets. */
    private static List<String> topLevel(String text, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static List<String> topLevelPipes(String statement) {
        return topLevel(statement, '|');
    }
}
