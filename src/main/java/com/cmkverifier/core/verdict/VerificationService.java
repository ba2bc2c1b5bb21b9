package com.cmkverifier.core.verdict;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationContext;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.ConfigurationSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.types.ResourceTypeProfile;
import com.cmkverifier.core.types.ResourceTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Verifies resources: reads the window's audit activity once for all of them and, at the same time, each
 * distinct key's metadata once, then judges each resource. Thread-safe if its sources are.
 */
public final class VerificationService {

    private final AuditLogSource logs;
    private final KeyMetadataSource keys;
    private final VerificationSettings settings;
    private final ConfigurationSource configuration;

    public VerificationService(AuditLogSource logs, KeyMetadataSource keys, VerificationSettings settings) {
        this(logs, keys, settings, ConfigurationSource.NONE);
    }

    /** @param configuration Azure's description of the resources: adds the configuration findings (spec section 9) */
    public VerificationService(AuditLogSource logs, KeyMetadataSource keys, VerificationSettings settings,
                               ConfigurationSource configuration) {
        this.logs = logs;
        this.keys = keys;
        this.settings = settings;
        this.configuration = configuration;
    }

    /**
     * @param registry the whole registry: entries on the same key are not "unexpected callers" of each other
     * @param targets  the resources to verify
     */
    public VerificationReport verify(Registry registry, List<ProtectedResource> targets, Window window, Instant at) {
        Map<KeyId, Set<String>> wanted = new LinkedHashMap<>();
        for (ProtectedResource r : targets) {
            Set<String> pinned = wanted.computeIfAbsent(r.key().keyId(), k -> new TreeSet<>());
            if (r.key().isPinned()) {
                pinned.add(r.key().version());
            }
        }
        // Two independent services: reading key metadata while the log queries run saves the shorter of the two.
        CompletableFuture<Map<KeyId, KeyLookup>> pending = CompletableFuture.supplyAsync(() -> keys.lookupAll(wanted),
                VerificationService::startDaemon);
        AuditActivity activity = logs.read(targets, window);
        List<SourceIssue> configIssues = new ArrayList<>();
        AzureConfiguration azure = describe(targets, configIssues);
        Map<KeyId, KeyLookup> lookups = await(pending);
        List<Verdict> verdicts = new ArrayList<>(targets.size());
        for (ProtectedResource r : targets) {
            verdicts.add(Verifier.verify(context(registry, r, activity, lookups.get(r.key().keyId()), window, at,
                    azure, configIssues)));
        }
        return new VerificationReport(at, window, verdicts, activity.inputs());
    }

    /** Azure's description; a source that fails makes every verdict inconclusive instead of passing unchecked. */
    private AzureConfiguration describe(List<ProtectedResource> targets, List<SourceIssue> issues) {
        try {
            return configuration.describe(targets);
        } catch (RuntimeException e) {
            issues.add(SourceIssue.everywhere("Azure configuration", "Azure configuration could not be read: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            return AzureConfiguration.NONE;
        }
    }

    private static void startDaemon(Runnable task) {
        Thread t = new Thread(task, "key-metadata");
        t.setDaemon(true);
        t.start();
    }

    /** The lookups, or the source's own exception as it was thrown. */
    private static Map<KeyId, KeyLookup> await(CompletableFuture<Map<KeyId, KeyLookup>> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    VerificationContext context(Registry registry, ProtectedResource r, AuditActivity activity, KeyLookup lookup,
                                Window window, Instant at, AzureConfiguration azure, List<SourceIssue> configIssues) {
        ResourceTypeProfile profile = ResourceTypes.profile(r.type());
        List<String> proofOps = r.proofOperations().isEmpty() ? profile.proofOperations() : r.proofOperations();
        ExpectedIdentity expected = ExpectedIdentity.of(r, profile);
        List<ExpectedIdentity> onKey = new ArrayList<>();
        for (ProtectedResource other : registry.onKey(r.key().keyId())) {
            onKey.add(ExpectedIdentity.of(other, ResourceTypes.profile(other.type())));
        }
        onKey.add(expected);
        KeyUsage usage = KeyUsage.of(activity.groupsFor(r.key().keyId()), expected, proofOps);
        KeyLookup keyLookup = lookup != null ? lookup
                : new KeyLookup.Unavailable("key metadata source gave no answer for " + r.key().url());
        List<SourceIssue> issues = new ArrayList<>(activity.issuesFor(r));
        issues.addAll(configIssues);
        azure.notVisible(r.resourceId()).ifPresent(why -> issues.add(SourceIssue.everywhere("Azure configuration", why)));
        return new VerificationContext(r, profile, expected, proofOps, keyLookup, usage,
                activity.vaultHasRecords(r.key().vaultName()), issues, activity.notesFor(r), onKey, window, at,
                settings, activity::nameOf, azure);
    }
}
