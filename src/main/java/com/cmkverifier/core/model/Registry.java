package com.cmkverifier.core.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The registered protected resources, by unique name (case-insensitive). */
public final class Registry {

    private final Map<String, ProtectedResource> byName = new LinkedHashMap<>();

    public Registry(List<ProtectedResource> resources) {
        for (ProtectedResource r : resources) {
            if (byName.putIfAbsent(r.name().toLowerCase(Locale.ROOT), r) != null) {
                throw new IllegalArgumentException("duplicate resource name '" + r.name() + "'");
            }
        }
    }

    public List<ProtectedResource> resources() {
        return List.copyOf(byName.values());
    }

    public Optional<ProtectedResource> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public List<ProtectedResource> onKey(KeyId key) {
        return byName.values().stream().filter(r -> r.key().keyId().equals(key)).toList();
    }

    public int size() {
        return byName.size();
    }
}
