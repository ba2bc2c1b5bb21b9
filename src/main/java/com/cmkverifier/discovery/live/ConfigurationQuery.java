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
    private static final Pattern LET_IDS = Pattern.compile("(?m)^let ids = .*;$");

    private ConfigurationQuery() {
    }

    static String bind(String template, List<String> resourceIds) {
        String list = resourceIds.stream().map(id -> {
            String lower = id.toLowerCase(Locale.ROOT);
            if (!ARM_ID.matcher(lower).matches()) {
                throw new IllegalArgumentException("not an ARM resource id: " + id);
            }
            return "'" + lower + "'";
        }).collect(Collectors.joining(", "));
        if (!LET_IDS.matcher(template).find()) {
            throw new IllegalStateException("configuration-by-id.kql has no 'let ids = ...;' line");
        }
        return LET_IDS.matcher(template).replaceFirst("let ids = dynamic([" + list.replace("$", "") + "]);");
    }
}
