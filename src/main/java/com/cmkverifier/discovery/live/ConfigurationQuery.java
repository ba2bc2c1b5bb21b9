package com.cmkverifier.discovery.live;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds values into a Resource Graph query file's {@code where} clauses and nothing else, so that the query that runs
 * is the one people read. Resource Graph refuses {@code let} (MicrosoftDocs/azure-docs,
 * articles/governance/resource-graph/concepts/query-language.md, "Supported KQL language elements"; issue 104044),
 * so the files hold placeholders that are themselves string literals ({@code '{ids}'}), replaced by the validated
 * list. Values are checked against their alphabet first: nothing else can reach the query text. Comment lines are
 * not sent.
 */
final class ConfigurationQuery {

    /** A value list of a query file, its placeholder and the alphabet its values must match (lower case). */
    enum Values {
        IDS("'{ids}'", "/subscriptions/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/[a-z0-9._()-]{1,260}){1,12}"),
        VAULTS("'{vaults}'", "[a-z][a-z0-9-]{1,22}[a-z0-9]"),
        SUBSCRIPTIONS("'{subscriptions}'", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        TYPES("'{types}'", "[a-z][a-z0-9.]{1,80}(/[a-z][a-z0-9]{1,80}){1,4}");

        private final String placeholder;
        private final Pattern alphabet;

        Values(String placeholder, String alphabet) {
            this.placeholder = placeholder;
            this.alphabet = Pattern.compile(alphabet);
        }
    }

    private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*//.*(\\R|$)");

    private ConfigurationQuery() {
    }

    /** The query file with each placeholder replaced by its values; an empty list matches nothing. */
    static String bind(String template, Map<Values, ? extends Collection<String>> values) {
        String text = COMMENT_LINE.matcher(template).replaceAll("");
        for (Values v : Values.values()) {
            boolean present = text.contains(v.placeholder);
            if (present != values.containsKey(v)) {
                throw new IllegalStateException("the query " + (present ? "needs " : "has no place for ")
                        + v.placeholder);
            }
            if (present) {
                text = text.replace(v.placeholder, literals(values.get(v), v.alphabet));
            }
        }
        return text;
    }

    static String byId(String template, Collection<String> ids, Collection<String> vaults,
                       Collection<String> subscriptions) {
        return bind(template, Map.of(Values.IDS, ids, Values.VAULTS, vaults, Values.SUBSCRIPTIONS, subscriptions));
    }

    static String bySubscription(String template, Collection<String> subscriptions, Collection<String> types,
                                 Collection<String> vaults) {
        return bind(template, Map.of(Values.SUBSCRIPTIONS, subscriptions, Values.TYPES, types, Values.VAULTS, vaults));
    }

    private static String literals(Collection<String> values, Pattern alphabet) {
        if (values.isEmpty()) {
            return "''";
        }
        return values.stream().map(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!alphabet.matcher(lower).matches()) {
                throw new IllegalArgumentException("not allowed in a Resource Graph query: " + v);
            }
            return "'" + lower + "'";
        }).distinct().collect(Collectors.joining(", "));
    }
}
