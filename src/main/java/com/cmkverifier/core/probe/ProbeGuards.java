package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The probe's guards that need no request to Azure (spec section 11, guards 1 and 6): {@code --confirm} repeats
 * the resource's name, the registry entry is tagged as a test environment with no production value anywhere in
 * its tags, every other registered resource on the same key is tagged the same way, and {@code --max-outage}
 * fits the type. The registry is the user's own text, so {@link AzureGuards} checks the same against Azure.
 */
public final class ProbeGuards {

    static final Set<String> TAG_NAMES = Set.of("environment", "env");
    static final Set<String> TEST_ENVIRONMENTS = Set.of("test", "dev", "sandbox");
    static final Set<String> PRODUCTION_VALUES = Set.of("prod", "production", "live");

    private ProbeGuards() {
    }

    /**
     * True when a tag {@code environment} or {@code env} (name case-insensitive) says test, dev or sandbox and
     * no tag at all carries a production value: {@code {"Environment":"Production","env":"dev"}} is not a test.
     */
    public static boolean isTestEnvironment(Map<String, String> tags) {
        boolean test = false;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getValue() == null) {
                continue;
            }
            test |= TAG_NAMES.contains(tag.getKey().trim().toLowerCase(Locale.ROOT))
                    && TEST_ENVIRONMENTS.contains(tag.getValue().trim().toLowerCase(Locale.ROOT));
        }
        return test && productionTags(tags).isEmpty();
    }

    public static boolean isTestEnvironment(ProtectedResource r) {
        return isTestEnvironment(r.tags());
    }

    /**
     * The tags whose value says production: {@code prod}, {@code production} or {@code live}, alone or as a word
     * of the value ({@code prod-eu}), whatever the tag's name.
     */
    public static List<String> productionTags(Map<String, String> tags) {
        List<String> out = new ArrayList<>();
        tags.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            for (String word : value.trim().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (PRODUCTION_VALUES.contains(word)) {
                    out.add(name + "=" + value);
                    return;
                }
            }
        });
        return out;
    }

    /** What the tags lack or carry that makes them no test environment, for a refusal; null when they are one. */
    public static String whyNotTest(Map<String, String> tags) {
        List<String> prod = productionTags(tags);
        if (!prod.isEmpty()) {
            return "carries a production value (" + String.join(", ", prod) + ")";
        }
        return isTestEnvironment(tags) ? null
                : "has no tag environment or env = test, dev or sandbox (tags: " + tags + ")";
    }

    /** Guard 1, before any request: why the probe must not run, one reason per entry. */
    public static List<String> refusals(Registry registry, ProtectedResource target, String confirm) {
        List<String> out = new ArrayList<>();
        if (confirm == null || !confirm.equals(target.name())) {
            out.add("--confirm must repeat the resource's name exactly ('" + target.name() + "'), got '"
                    + (confirm == null ? "" : confirm) + "'");
        }
        String why = whyNotTest(target.tags());
        if (why != null) {
            out.add("registry: " + target.name() + " is not tagged as a test environment: it " + why);
        }
        List<String> untagged = registry.onKey(target.key().keyId()).stream()
                .filter(r -> !r.name().equalsIgnoreCase(target.name()) && !isTestEnvironment(r))
                .map(ProtectedResource::name).toList();
        if (!untagged.isEmpty()) {
            out.add("registry: other resources use key " + target.key().keyId() + " and are not tagged as test"
                    + " environments, so disabling it could stop them: " + String.join(", ", untagged));
        }
        return out;
    }

    /** Guard 6: {@code --max-outage} is at least the type's notice time and at most its self-heal window. */
    public static List<String> outageRefusals(String type, Duration maxOutage) {
        NoticeTimes.Timing t = NoticeTimes.of(type);
        List<String> out = new ArrayList<>();
        if (maxOutage.compareTo(t.notice()) < 0) {
            out.add("--max-outage " + maxOutage + " is shorter than the time a " + type + " takes to notice a"
                    + " disabled key (" + t.notice() + (t.documented() ? "" : ", assumed: not documented")
                    + "): the probe could not tell dependence from indifference");
        }
        if (t.selfHeal() != null && maxOutage.compareTo(t.selfHeal()) > 0) {
            out.add("--max-outage " + maxOutage + " is longer than the time a " + type + " heals by itself"
                    + " once the key is back (" + t.selfHeal() + "): a longer outage needs manual recovery");
        }
        return out;
    }
}
