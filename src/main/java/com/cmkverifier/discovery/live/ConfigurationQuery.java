package com.cmkverifier.discovery.live;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds a batch of resource ids into {@code configuration-by-id.kql}'s {@code let ids} line and nothing else, so the
 * query that runs is the one people read. Ids are checked against the ARM id alphabet first: nothing else can
 * reach the query text.
 */
final class ConfigurationQuery {

    private static final Pattern ARM_ID = Pattern.compile("/subscriptions/[0-9a-f-]{36}(/[a-z0-9._()-]{1,260}){1,12}");
    private static final Pattern VAULT = Pattern.compile("[a-z][a-z0-9-]{1,22}[a-z0-9]");
    private static final Pattern LET_IDS = Pattern.compile("(?m)^let ids = .*;$");
    private static final Pattern LET_VAULTS = Pattern.compile("(?m)^let vaults = .*;$");

    private ConfigurationQuery() {
    }

    static String bind(String template, List<String> resourceIds, List<String> vaultNames) {
        String bound = let(template, LET_IDS, "ids", literals(resourceIds, ARM_ID));
        return let(bound, LET_VAULTS, "vaults", literals(vaultNames, VAULT));
    }

    private static String literals(List<String> values, Pattern alphabet) {
        return values.stream().map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!alphabet.matcher(lower).matches()) {
                throw new IllegalArgumentException("not allowed in a Resource Graph query: " + v);
            }
            return "'" + lower + "'";
        }).collect(Collectors.joining(", "));
    }

    private static String let(String template, Pattern line, String name, String literals) {
        if (!line.matcher(template).find()) {
            throw new IllegalStateException("configuration-by-id.kql has no 'let " + name + " = ...;' line");
        }
        // The alphabets above exclude '$' and '\\', so the replacement needs no quoting.
        return line.matcher(template).replaceFirst("let " + name + " = dynamic([" + literals + "]);");
    }
}
