package com.cmkverifier.application.events;

import com.cmkverifier.application.EvidenceSources;
import com.cmkverifier.application.FinalVerdict;
import com.cmkverifier.application.VerdictSink;
import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.KeyReference;
import com.cmkverifier.core.model.KeyVersion;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rotation.RotationCheck;
import com.cmkverifier.core.rotation.RotationReport;
import com.cmkverifier.core.rotation.VersionReadiness;
import com.cmkverifier.core.rotation.VersionState;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.types.RotationPickup;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Rotation;
import com.cmkverifier.state.Rotation.ResourceState;
import com.cmkverifier.state.Rotation.Tracked;
import com.cmkverifier.state.RotationStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The follow-up of a new key version (spec section 10): each resource on the key is verified once its type's
 * documented pickup time has passed ({@link RotationPickup}), over the uses after that time, with the pickup time
 * as the rotation grace, so that {@code STALE_KEY_VERSION} fires for one still on the old version. Once every
 * resource has moved, the old version's readiness is asked over the time since the last pickup: reported
 * {@code SAFE_TO_DISABLE} only when the spec's rule says so, never on incomplete evidence. Due times live in the
 * stored follow-up ({@code nextCheckAt}); a timer calls {@link #followUp} and the clock decides what is due.
 */
public final class Rotations {

    /** While a resource has made no call since its pickup time, or the old version is not yet safe: ask again. */
    static final Duration RECHECK = Duration.ofHours(1);
    /** After the last pickup time, how long an undecided follow-up is kept open before it ends INCONCLUSIVE. */
    static final Duration FOLLOW_FOR = Duration.ofDays(7);
    static final String TRIGGER = "rotation";

    private final RotationStore store;
    private final RegistryStore registry;
    private final Supplier<EvidenceSources> evidence;
    private final VerdictSink sink;
    private final Clock clock;
    private final Duration expiryHorizon;

    public Rotations(RotationStore store, RegistryStore registry, Supplier<EvidenceSources> evidence, VerdictSink sink,
                     Clock clock, Duration expiryHorizon) {
        this.store = store;
        this.registry = registry;
        this.evidence = evidence;
        this.sink = sink;
        this.clock = clock;
        this.expiryHorizon = expiryHorizon;
    }

    /** Opens the follow-up of {@code newVersion} of {@code key} (versionless), created at {@code at}. */
    String open(KeyReference key, String newVersion, Instant at) {
        if (newVersion == null || !KeyReference.KEY_VERSION.matcher(newVersion).matches()) {
            throw new MalformedEvent("data.Version", "must be a key version: 32 lower-case hex digits");
        }
        List<ProtectedResource> onKey = registry.registry().onKey(key.keyId());
        if (onKey.isEmpty()) {
            return "ignored new version " + newVersion + " of " + key.keyId() + ": no registered resource uses the key";
        }
        String url = key.url();
        if (store.find(url, newVersion).isPresent()) {
            return "the follow-up of " + key.keyId() + " version " + newVersion + " is already open";
        }
        Optional<String> old = previous(evidence.get().keyMetadata().lookup(key.keyId(), Set.of()), newVersion);
        if (old.isEmpty()) {
            return "ignored new version " + newVersion + " of " + key.keyId() + ": no older version to follow";
        }
        List<Tracked> tracked = new ArrayList<>();
        for (ProtectedResource r : onKey) {
            Duration pickup = RotationPickup.of(r.type());
            tracked.add(new Tracked(r.name(), r.type(), pickup, at.plus(pickup), ResourceState.WAITING, null,
                    "checked at its pickup time " + at.plus(pickup)));
        }
        Instant lastDue = tracked.stream().map(Tracked::dueAt).max(Comparator.naturalOrder()).orElseThrow();
        Rotation r = new Rotation(url, newVersion, old.get(), at, tracked, null, null, null, next(tracked, at),
                lastDue.plus(FOLLOW_FOR), clock.instant(), null);
        return store.create(r) ? "opened the follow-up of " + key.keyId() + ": " + old.get() + " -> " + newVersion
                + " for " + tracked.size() + " resource(s)"
                : "the follow-up of " + key.keyId() + " version " + newVersion + " is already open";
    }

    /** The stored follow-ups of a key, newest first. */
    public List<Rotation> ofKey(KeyReference key) {
        return store.ofKey(new KeyReference(key.vaultHost(), key.keyName(), null).url());
    }

    /**
     * Makes every check that is due. A follow-up another instance changed meanwhile is left to it.
     *
     * @return how many follow-ups advanced
     */
    public int followUp(Consumer<String> log) {
        int advanced = 0;
        for (Rotation r : store.due(clock.instant())) {
            if (step(r, log)) {
                advanced++;
            }
        }
        return advanced;
    }

    private boolean step(Rotation r, Consumer<String> log) {
        Instant now = clock.instant();
        Registry all = registry.registry();
        EvidenceSources sources = evidence.get();
        List<Tracked> tracked = new ArrayList<>();
        List<FinalVerdict> verdicts = new ArrayList<>();
        for (Tracked t : r.resources()) {
            tracked.add(t.state() == ResourceState.WAITING && !now.isBefore(t.dueAt())
                    ? check(r, t, all, sources, now, verdicts) : t);
        }
        if (now.isAfter(r.deadline())) {
            tracked.replaceAll(t -> t.state() == ResourceState.WAITING ? t.with(ResourceState.INCONCLUSIVE, now,
                    "no use of the key since its pickup time " + t.dueAt() + " was seen before " + r.deadline()) : t);
        }
        Rotation next = decide(r, tracked, sources, all, now);
        if (!store.replace(next)) {
            return false;
        }
        sink.accept(verdicts, log);
        if (!next.open()) {
            log.accept("CMKV_ROTATION " + line(next));
        }
        return true;
    }

    /** One resource's check after its pickup time: its uses since then, with the pickup time as the grace. */
    private Tracked check(Rotation r, Tracked t, Registry all, EvidenceSources sources, Instant now,
                          List<FinalVerdict> verdicts) {
        Optional<ProtectedResource> resource = all.find(t.name());
        if (resource.isEmpty()) {
            return t.with(ResourceState.INCONCLUSIVE, now, "no longer registered");
        }
        VerificationService service = new VerificationService(sources.auditLogs(), sources.keyMetadata(),
                new VerificationSettings(expiryHorizon, t.pickup()));
        Verdict v = service.verify(all, List.of(resource.get()), new Window(t.dueAt(), now), now).verdicts().get(0);
        List<String> used = versionsUsed(v);
        Tracked out;
        if (v.has(FindingCode.STALE_KEY_VERSION) || used.contains(r.oldVersion()) && !used.contains(r.newVersion())) {
            out = t.with(ResourceState.STALE_KEY_VERSION, now, "still uses version " + r.oldVersion()
                    + " after its pickup time " + t.dueAt() + " (" + t.pickup() + " after the new version)");
        } else if (used.contains(r.newVersion()) && !used.contains(r.oldVersion())) {
            out = t.with(ResourceState.MOVED, now, "uses only version " + r.newVersion() + " since " + t.dueAt());
        } else {
            return t.with(ResourceState.WAITING, now, used.isEmpty() ? "no use of the key since its pickup time "
                    + t.dueAt() + " yet (" + v.status() + ")" : "uses " + String.join(", ", used) + " since " + t.dueAt());
        }
        verdicts.add(new FinalVerdict(v, TRIGGER, r.key() + "/" + r.newVersion(), null, now,
                resource.get().resourceId()));
        return out;
    }

    /** The follow-up after this step: still open, or ended with its outcome. */
    private Rotation decide(Rotation r, List<Tracked> tracked, EvidenceSources sources, Registry all, Instant now) {
        if (tracked.stream().anyMatch(t -> t.state() == ResourceState.WAITING)) {
            return r.with(tracked, null, r.oldVersionState(), null, next(tracked, now), now);
        }
        List<String> stale = names(tracked, ResourceState.STALE_KEY_VERSION);
        if (!stale.isEmpty()) {
            return r.with(tracked, "STALE_KEY_VERSION", VersionState.IN_USE.name(), String.join(", ", stale)
                    + " still use(s) version " + r.oldVersion() + ": keep it enabled", null, now);
        }
        List<String> unknown = names(tracked, ResourceState.INCONCLUSIVE);
        if (!unknown.isEmpty()) {
            return r.with(tracked, "INCONCLUSIVE", r.oldVersionState(), "could not tell whether "
                    + String.join(", ", unknown) + " moved: keep version " + r.oldVersion() + " enabled", null, now);
        }
        Instant lastDue = tracked.stream().map(Tracked::dueAt).max(Comparator.naturalOrder()).orElseThrow();
        KeyReference key = KeyReference.parse(r.key());
        RotationReport report = new RotationCheck(sources.auditLogs(), sources.keyMetadata())
                .run(key, new Window(lastDue, now), all, null);
        Optional<VersionReadiness> old = report.versions().stream()
                .filter(v -> v.version().equalsIgnoreCase(r.oldVersion())).findFirst();
        VersionState state = old.map(VersionReadiness::state).orElse(VersionState.UNKNOWN);
        String why = old.map(VersionReadiness::reason).orElse("the key's metadata no longer lists version "
                + r.oldVersion());
        if (state == VersionState.SAFE_TO_DISABLE) {
            return r.with(tracked, "SAFE_TO_DISABLE", state.name(), "every resource moved to " + r.newVersion()
                    + "; " + why, null, now);
        }
        if (now.isAfter(r.deadline())) {
            return r.with(tracked, "INCONCLUSIVE", state.name(), "every resource moved, but version "
                    + r.oldVersion() + " stayed " + state + ": " + why, null, now);
        }
        return r.with(tracked, null, state.name(), "every resource moved; version " + r.oldVersion() + " is "
                + state + ": " + why, now.plus(RECHECK), now);
    }

    private static Instant next(Collection<Tracked> tracked, Instant now) {
        return tracked.stream().filter(t -> t.state() == ResourceState.WAITING)
                .map(t -> t.dueAt().isAfter(now) ? t.dueAt() : now.plus(RECHECK))
                .min(Comparator.naturalOrder()).orElse(now);
    }

    private static List<String> names(List<Tracked> tracked, ResourceState s) {
        return tracked.stream().filter(t -> t.state() == s).map(Tracked::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> versionsUsed(Verdict v) {
        for (Finding f : v.findings()) {
            if (f.evidence().get("versionsUsed") instanceof List<?> l) {
                return (List<String>) l;
            }
        }
        return List.of();
    }

    /** The newest version created before {@code newVersion} (or, when it is not listed yet, the newest other). */
    private static Optional<String> previous(KeyLookup lookup, String newVersion) {
        if (!(lookup instanceof KeyLookup.Found f)) {
            throw new IllegalStateException("key metadata could not be read to find the old version: " + lookup);
        }
        Optional<Instant> created = f.version(newVersion).map(KeyVersion::created);
        return f.versions().stream().filter(v -> !v.version().equalsIgnoreCase(newVersion))
                .filter(v -> created.isEmpty() || v.created() == null || !v.created().isAfter(created.get()))
                .max(Comparator.comparing(KeyVersion::created, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(KeyVersion::version);
    }

    /** The alert's line: one JSON object per ended follow-up. */
    static String line(Rotation r) {
        return Jackson.MAPPER.createObjectNode().put("key", r.key()).put("oldVersion", r.oldVersion())
                .put("newVersion", r.newVersion()).put("outcome", r.outcome()).put("reason", r.reason()).toString();
    }
}
