package com.cmkverifier.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The registered protected resources, by unique name (case-insensitive). */
public final class Registry {

    private final Map<String, ProtectedResource> byName = new LinkedHashMap<>();
    /** A sweep asks once per resource: a scan of all resources each time made it quadratic. */
    private final Map<KeyId, List<ProtectedResource>> byKey = new HashMap<>();

    public Registry(List<ProtectedResource> resources) {
        for (ProtectedResource r : resources) {
            if (byName.putIfAbsent(r.name().toLowerCase(Locale.ROOT), r) != null) {
                throw new IllegalArgumentException("duplicate resource name '" + r.name() + "'");
            }
            byKey.computeIfAbsent(r.key().keyId(), k -> new ArrayList<>()).add(r);
        }
    }

    public List<ProtectedResource> resources() {
        return List.copyOf(byName.values());
    }

    public Optional<ProtectedResource> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<ProtectedResource> onKey(KeyId key) {
        return List.copyOf(byKey.getOrDefault(key, List.of()));
    }

    public int size() {
        return byName.size();
    }
}
