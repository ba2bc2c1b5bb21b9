package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The probe's guards that need no request to Azure (spec section 11): the resource is tagged as a test
 * environment, {@code --confirm} repeats its name, and every other registered resource on the same key (any
 * version: disabling one version may hit a resource that follows the latest) is tagged the same way.
 */
public final class ProbeGuards {

    static final Set<String> TAG_NAMES = Set.of("environment", "env");
    static final Set<String> TEST_ENVIRONMENTS = Set.of("test", "dev", "sandbox");

    private ProbeGuards() {
    }

    /** True when a tag {@code environment} or {@code env} (name case-insensitive) says test, dev or sandbox. */
    public static boolean isTestEnvironment(ProtectedResource r) {
        for (Map.Entry<String, String> tag : r.tags().entrySet()) {
            if (TAG_NAMES.contains(tag.getKey().toLowerCase(Locale.ROOT)) && tag.getValue() != null
                    && TEST_ENVIRONMENTS.contains(tag.getValue().trim().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Why the probe must not run, one reason per line; empty when it may. */
    public static List<String> refusals(Registry registry, ProtectedResource target, String confirm) {
        List<String> out = new ArrayList<>();
        if (confirm == null || !confirm.equals(target.name())) {
            out.add("--confirm must repeat the resource's name exactly ('" + target.name() + "'), got '"
                    + (confirm == null ? "" : confirm) + "'");
        }
        if (!isTestEnvironment(target)) {
            out.add(target.name() + " is not tagged as a test environment (tag environment or env = test, dev or"
                    + " sandbox): the probe disables its key and may stop it");
        }
        List<String> untagged = registry.onKey(target.key().keyId()).stream()
                .filter(r -> !r.name().equalsIgnoreCase(target.name()) && !isTestEnvironment(r))
                .map(ProtectedResource::name).toList();
        if (!untagged.isEmpty()) {
            out.add("other resources use key " + target.key().keyId() + " and are not tagged as test environments,"
                    + " so disabling it could stop them: " + String.join(", ", untagged));
        }
        return out;
    }
}
