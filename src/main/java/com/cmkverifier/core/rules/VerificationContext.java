package com.cmkverifier.core.rules;

import com.cmkverifier.core.activity.KeyUsage;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.ConfiguredKey;
import com.cmkverifier.core.model.ExpectedIdentity;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.ResourceConfiguration;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.types.ResourceTypeProfile;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a rule may look at for one resource, computed once.
 *
 * @param proofOperations     the entry's override or the type default
 * @param registeredForKey    identities of every registry entry on the same key (for UNEXPECTED_CALLER)
 * @param logIssues           problems of the audit log source concerning this resource
 * @param logNotes            what the audit log source found out about an absence (a workspace without audit tables)
 * @param callerNames         display name of a caller where known, else null
 * @param configuration       Azure's description of the resource, or {@link AzureConfiguration#NONE} when it is
 *                            not part of the evidence
 */
public record VerificationContext(ProtectedResource resource, ResourceTypeProfile profile,
                                  ExpectedIdentity expected, List<String> proofOperations, KeyLookup keyLookup,
                                  KeyUsage usage, boolean vaultHasRecords, List<SourceIssue> logIssues,
                                  List<String> logNotes,
                                  List<ExpectedIdentity> registeredForKey, Window window, Instant at,
                                  VerificationSettings settings, Function<Caller, String> callerNames,
                                  AzureConfiguration configuration) {

    /** A context without Azure's configuration: no configuration finding is judged. */
    public VerificationContext(ProtectedResource resource, ResourceTypeProfile profile, ExpectedIdentity expected,
                               List<String> proofOperations, KeyLookup keyLookup, KeyUsage usage,
                               boolean vaultHasRecords, List<SourceIssue> logIssues, List<String> logNotes,
                               List<ExpectedIdentity> registeredForKey, Window window, Instant at,
                               VerificationSettings settings, Function<Caller, String> callerNames) {
        this(resource, profile, expected, proofOperations, keyLookup, usage, vaultHasRecords, logIssues, logNotes,
                registeredForKey, window, at, settings, callerNames, AzureConfiguration.NONE);
    }

    /** Azure's description of this resource, when configuration is part of the evidence and holds it. */
    public Optional<ResourceConfiguration> configured() {
        return configuration.resource(resource.resourceId());
    }

    /**
     * The configured key that corresponds to the registered one: the same key if Azure names it, else the only
     * key, else none (a resource with several keys of which none is the registered one).
     */
    public Optional<ConfiguredKey> configuredKey() {
        List<ConfiguredKey> keys = configured().map(ResourceConfiguration::keys).orElse(List.of());
        Optional<ConfiguredKey> same = keys.stream()
                .filter(k -> k.key().keyId().equals(resource.key().keyId())).findFirst();
        return same.isPresent() || keys.size() != 1 ? same : Optional.of(keys.get(0));
    }

    public Optional<KeyLookup.Found> found() {
        return keyLookup instanceof KeyLookup.Found f ? Optional.of(f) : Optional.empty();
    }

    /** The version the resource uses: the pinned one, or the newest for a versionless reference. */
    public Optional<KeyVersion> usedVersion() {
        return found().flatMap(f -> resource.key().isPinned() ? f.version(resource.key().version()) : f.newest());
    }

    /** The used version when it has type and operations; otherwise the newest version that has them. */
    public Optional<KeyVersion> detailedVersion() {
        Optional<KeyVersion> used = usedVersion();
        if (used.isPresent() && used.get().detailed()) {
            return used;
        }
        return found().flatMap(f -> f.versions().stream().filter(KeyVersion::detailed)
                .max(Comparator.comparing(KeyVersion::created, Comparator.nullsFirst(Comparator.naturalOrder()))));
    }

    public boolean logsIncomplete() {
        return !logIssues.isEmpty();
    }

    /** "name (id)" where a name is known, else the caller's label. */
    public String describe(Caller c) {
        String name = callerNames.apply(c);
        return name == null ? c.label() : name + " (" + c.label() + ")";
    }
}
