package com.cmkverifier.application;

import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.discovery.AzureDescription;
import com.cmkverifier.discovery.Discovery;
import com.cmkverifier.discovery.DiscoveryReport;
import com.cmkverifier.discovery.live.DiscoveryFailedException;
import com.cmkverifier.discovery.live.DiscoveryScope;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.ChunkedText;
import com.cmkverifier.state.DiscoveryRun;
import com.cmkverifier.state.DiscoveryStore;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryChange;
import com.cmkverifier.state.RegistryStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Discovery in the app (spec section 9): a run recorded in Table storage and queued, so that HTTP stays fast;
 * the worker reads Azure for the configured scope and merges into the stored registry with the same rules as
 * {@code cmkv discover}. A discovery that fails or is incomplete changes nothing and ends with the reason.
 */
public final class Discoveries {

    /** Longer than any function may run (host.json's functionTimeout, 10 minutes) times the queue's retries. */
    public static final Duration TIMEOUT = Duration.ofHours(1);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Resource Graph answers a page in seconds; a large estate takes a few pages. */
    private static final Duration POLL_AFTER = Duration.ofSeconds(30);

    private final RegistryStore registry;
    private final DiscoveryStore store;
    private final JobQueue jobs;
    private final Clock clock;
    private final DiscoveryScope scope;
    private final Function<DiscoveryScope, AzureDescription> azure;
    private final String appIdentity;

    /**
     * @param azure reads Azure's description of a scope (live Resource Graph and ARM in production); throws
     *              {@link DiscoveryFailedException} when it could not read it all
     * @param appIdentity who the app is: recorded on every entry that discovery writes
     */
    public Discoveries(RegistryStore registry, DiscoveryStore store, JobQueue jobs, Clock clock, DiscoveryScope scope,
                       Function<DiscoveryScope, AzureDescription> azure, String appIdentity) {
        this.registry = registry;
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.scope = scope;
        this.azure = azure;
        this.appIdentity = appIdentity;
    }

    /** Starts a discovery for an HTTP request: an empty JSON object (it has no fields yet). */
    public DiscoveryRun start(JsonNode request) {
        Iterator<String> fields = request.fieldNames();
        if (fields.hasNext()) {
            throw new InvalidRequest(fields.next(), "is not a field of a discovery request (it has none: send {})");
        }
        return begin("http");
    }

    /** Starts a discovery because Azure reported a change in the scope (an Event Grid resource write). */
    public DiscoveryRun changed() {
        return begin("event");
    }

    /** Starts the scheduled discovery. */
    public DiscoveryRun scheduled() {
        return begin("timer");
    }

    private DiscoveryRun begin(String trigger) {
        Instant now = clock.instant();
        DiscoveryRun run = store.create(DiscoveryRun.start(UUID.randomUUID().toString(), trigger, now, now.plus(TIMEOUT)));
        jobs.send(new Job.DiscoveryJob(run.id()), Duration.ZERO);
        return run;
    }

    /** The discovery as stored; a pending one past its deadline is ended first (its message was lost). */
    public DiscoveryRun status(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequest("id", "must be a discovery id: a lower-case GUID as Location gave it");
        }
        DiscoveryRun run = store.find(id).orElseThrow(() -> new NotFound("no discovery with this id"));
        if (run.done() || clock.instant().isBefore(run.deadline())) {
            return run;
        }
        store.replace(run.failed(clock.instant(), "timeout " + TIMEOUT
                + " passed before the discovery was made (its queue message was lost or never processed): registry unchanged"));
        return store.find(id).orElseThrow();
    }

    public DiscoveryRun latest() {
        return status(store.latestId().orElseThrow(() -> new NotFound("no discovery has run yet")));
    }

    public Duration pollAfter() {
        return POLL_AFTER;
    }

    /** The worker's part: read Azure, merge, record. A duplicate or late message for a done discovery does nothing. */
    void run(Job.DiscoveryJob job, Consumer<String> log) {
        if (awaiting(store, job).isEmpty()) {
            return;
        }
        AzureDescription description;
        try {
            description = azure.apply(scope);
        } catch (DiscoveryFailedException e) {
            String reason = "discovery incomplete, registry unchanged: " + e.getMessage();
            log.accept("discovery " + job.discoveryId() + ": " + reason);
            awaiting(store, job).ifPresent(r -> store.replace(r.failed(clock.instant(), reason)));
            return;
        }
        // Read again: a poll may have ended it while Azure was read; then its registry stays as it is.
        Optional<DiscoveryRun> run = awaiting(store, job);
        if (run.isEmpty()) {
            return;
        }
        Discovery.Result result = Discovery.discover(description, registry.registry(), clock.instant());
        store(result).ifPresent(change -> log.accept("discovery " + job.discoveryId() + ": registry written " + change));
        store.replace(run.get().merged(clock.instant(), report(result)));
    }

    /**
     * Writes what the merge added or changed, each entry recorded as the app's; an added name that a person
     * registered meanwhile stays theirs. Answers the change when anything was written.
     */
    private Optional<RegistryChange> store(Discovery.Result result) {
        Map<String, ProtectedResource> byName = result.registry().stream()
                .collect(Collectors.toMap(ProtectedResource::name, r -> r, (a, b) -> a));
        RegistryChange change = new RegistryChange(appIdentity, clock.instant());
        boolean wrote = false;
        for (Discovery.Change c : result.changes()) {
            if (c.outcome() == Discovery.Outcome.ADDED) {
                wrote |= registry.addIfAbsent(byName.get(c.name()), change);
            } else if (c.outcome() == Discovery.Outcome.CHANGED) {
                registry.put(byName.get(c.name()), change);
                wrote = true;
            }
        }
        return wrote ? Optional.of(change) : Optional.empty();
    }

    /** The report as {@code cmkv discover --format json} writes it; past the storable size, without the entry list. */
    static String report(Discovery.Result result) {
        String json = DiscoveryReport.json(result);
        if (ChunkedText.fits(json)) {
            return json;
        }
        try {
            ObjectNode root = (ObjectNode) Jackson.MAPPER.readTree(json);
            root.remove("entries");
            root.put("entriesOmitted", result.changes().size() + " entries: too many to store with the run;"
                    + " the registry holds them all");
            return root.toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<DiscoveryRun> awaiting(DiscoveryStore store, Job.DiscoveryJob job) {
        return store.find(job.discoveryId()).filter(r -> !r.done());
    }
}
