package com.cmkverifier.testing.wire;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registry of resources spread evenly over vaults, keys and workspaces, with the key versions and audit
 * records behind them, for sweeps against the wire-level fakes. Resource {@code i} uses key {@code i % keys};
 * key {@code k} lives in vault {@code k % vaults}, which logs to workspace {@code vault % workspaces}. Every
 * key has two versions; every 7th resource is pinned to the older one; two resources in three unwrapped
 * their key in the window.
 */
public final class Fleet {

    public static final Instant AT = Instant.parse("2024-05-02T00:00:00Z");
    public static final Window WINDOW = Window.ending(AT, Duration.ofHours(24));
    private static final KeyVersion OLDER = SampleKeys.rsa(1, AT.minus(Duration.ofDays(30)));
    private static final KeyVersion LATEST = SampleKeys.rsa(2, AT.minus(Duration.ofDays(10)));

    private final int vaults;
    private final int workspaces;
    private final List<KeyId> keys = new ArrayList<>();
    private final List<ProtectedResource> resources = new ArrayList<>();
    private final Map<String, List<AuditRecord>> recordsByWorkspace = new HashMap<>();

    public Fleet(int resourceCount, int vaults, int keyCount, int workspaces) {
        this.vaults = vaults;
        this.workspaces = workspaces;
        for (int k = 0; k < keyCount; k++) {
            keys.add(new KeyId(vaultHost(k % vaults), "cmk-" + k));
        }
        for (int i = 0; i < resourceCount; i++) {
            add(i);
        }
    }

    public static String vaultHost(int v) {
        return String.format(Locale.ROOT, "kv-%03d.vault.azure.net", v);
    }

    public String workspaceOf(KeyId key) {
        int vault = Integer.parseInt(key.vaultName().substring(3));
        return String.format(Locale.ROOT, "%08x-0000-0000-0000-000000000000", vault % workspaces);
    }

    private void add(int i) {
        KeyId key = keys.get(i % keys.size());
        String principal = String.format(Locale.ROOT, "aaaaaaaa-0000-0000-0000-%012d", i);
        boolean pinned = i % 7 == 0;
        resources.add(new ProtectedResource("res-" + i, "Microsoft.Storage/storageAccounts", null,
                new KeyReference(key.vaultHost(), key.keyName(), pinned ? OLDER.version() : null), principal, null,
                null, workspaceOf(key), null, null, null));
        List<AuditRecord> recs = recordsByWorkspace.computeIfAbsent(workspaceOf(key), w -> new ArrayList<>());
        String used = pinned ? OLDER.version() : LATEST.version();
        if (i % 3 == 2) {
            recs.add(SampleRecords.vaultGet(AT.minusSeconds(60), key.vaultName()));
        } else {
            recs.add(SampleRecords.unwrap(AT.minusSeconds(600L + i), key, used, principal, 200));
        }
    }

    /** Stores every key in {@code vault} and every record in {@code logs}. */
    public void load(FakeKeyVault vault, FakeLogAnalytics logs) {
        keys.forEach(k -> vault.put(k, List.of(OLDER, LATEST)));
        recordsByWorkspace.forEach(logs::records);
    }

    /** Each vault host's endpoint on {@code vault}, for {@code VaultEndpoints.overriding}. */
    public Map<String, String> endpoints(FakeKeyVault vault) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int v = 0; v < vaults; v++) {
            out.put(vaultHost(v), vault.endpointFor(vaultHost(v)));
        }
        return out;
    }

    public int vaults() {
        return vaults;
    }

    public List<ProtectedResource> resources() {
        return List.copyOf(resources);
    }

    public Registry registry() {
        return new Registry(resources);
    }

    /** The distinct keys the given resources use. */
    public static Set<KeyId> keysOf(List<ProtectedResource> rs) {
        Set<KeyId> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        rs.forEach(r -> out.add(r.key().keyId()));
        return out;
    }

    /** The distinct keys that some of the given resources pin to a version other than the latest. */
    public static Set<KeyId> keysPinnedToOlder(List<ProtectedResource> rs) {
        return keysOf(rs.stream().filter(r -> r.key().isPinned() && !r.key().version().equals(LATEST.version()))
                .toList());
    }

    /** The distinct workspaces the given resources log to. */
    public static Set<String> workspacesOf(List<ProtectedResource> rs) {
        Set<String> out = new TreeSet<>();
        rs.forEach(r -> out.add(r.workspaceId()));
        return out;
    }
}
