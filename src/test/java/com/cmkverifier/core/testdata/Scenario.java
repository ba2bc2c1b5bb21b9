package com.cmkverifier.core.testdata;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.activity.AuditActivityBuilder;
import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.AzureConfiguration;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.sources.KeyMetadataSource;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationReport;
import com.cmkverifier.core.verdict.VerificationService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One verification of one target resource, run through {@link VerificationService} with in-memory ports: the log
 * port folds the given records with {@link AuditActivityBuilder} (as a real source would), the key port answers
 * from a map and reports a key it was not given as unavailable (as a missing export is).
 */
public final class Scenario {

    private final ProtectedResource target;
    private final List<ProtectedResource> alsoRegistered = new ArrayList<>();
    private final List<AuditRecord> records = new ArrayList<>();
    private final List<SourceIssue> issues = new ArrayList<>();
    private final Map<KeyId, KeyLookup> lookups = new HashMap<>();
    private Instant at = Lab.AT;
    private Window window = Lab.WINDOW;
    private VerificationSettings settings = VerificationSettings.DEFAULTS;
    private AzureConfiguration configuration = AzureConfiguration.NONE;

    private Scenario(ProtectedResource target) {
        this.target = target;
        versions(VersionBuilder.newest().build());
    }

    /** {@code target} on the lab key, whose metadata holds only its healthy newest version; no audit records. */
    public static Scenario of(ProtectedResource target) {
        return new Scenario(target);
    }

    public static Scenario of(ResourceBuilder target) {
        return of(target.build());
    }

    /** The lab storage account, healthy key, one successful unwrap by its identity an hour ago. */
    public static Scenario healthy() {
        return of(ResourceBuilder.storage()).logs(RecordBuilder.unwrap());
    }

    public Scenario logs(RecordBuilder... rs) {
        for (RecordBuilder r : rs) {
            records.add(r.build());
        }
        return this;
    }

    public Scenario logs(List<AuditRecord> rs) {
        records.addAll(rs);
        return this;
    }

    /** A complete version list of the target's key. */
    public Scenario versions(KeyVersion... vs) {
        return lookup(new KeyLookup.Found(List.of(vs), true));
    }

    /** Versions of the target's key from an export that may lack some. */
    public Scenario partialVersions(KeyVersion... vs) {
        return lookup(new KeyLookup.Found(List.of(vs), false));
    }

    public Scenario lookup(KeyLookup lookup) {
        lookups.put(target.key().keyId(), lookup);
        return this;
    }

    /** The key port has no answer for the target's key. */
    public Scenario noKeyMetadata() {
        lookups.remove(target.key().keyId());
        return this;
    }

    public Scenario alsoRegistered(ResourceBuilder... others) {
        for (ResourceBuilder o : others) {
            alsoRegistered.add(o.build());
        }
        return this;
    }

    public Scenario issue(SourceIssue issue) {
        issues.add(issue);
        return this;
    }

    public Scenario at(Instant t) {
        this.at = t;
        return this;
    }

    public Scenario window(Window w) {
        this.window = w;
        return this;
    }

    public Scenario settings(VerificationSettings s) {
        this.settings = s;
        return this;
    }

    /** Azure's description of resources and vaults, as a configuration source would give it. */
    public Scenario configuration(AzureConfiguration c) {
        this.configuration = c;
        return this;
    }

    public Verdict verdict() {
        return report().verdicts().get(0);
    }

    public VerificationReport report() {
        List<ProtectedResource> all = new ArrayList<>();
        all.add(target);
        all.addAll(alsoRegistered);
        return new VerificationService(recordedLogs(), knownKeys(), settings, resources -> configuration)
                .verify(new Registry(all), List.of(target), window, at);
    }

    private AuditLogSource recordedLogs() {
        return (resources, w) -> {
            Set<KeyId> keys = resources.stream().map(r -> r.key().keyId()).collect(Collectors.toSet());
            AuditActivityBuilder b = new AuditActivityBuilder(w, keys::contains);
            records.forEach(b::accept);
            issues.forEach(b::issue);
            return b.build();
        };
    }

    private KeyMetadataSource knownKeys() {
        return (key, pinned) -> lookups.getOrDefault(key, new KeyLookup.Unavailable("no metadata exported for " + key));
    }

    /** Activity of {@code records} in the lab window for the lab key, built by one builder in the given order. */
    public static AuditActivity activity(List<AuditRecord> records) {
        AuditActivityBuilder b = new AuditActivityBuilder(Lab.WINDOW, Lab.KEY::equals);
        records.forEach(b::accept);
        return b.build();
    }
}
