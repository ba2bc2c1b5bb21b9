package com.cmkverifier.application;

import com.cmkverifier.registry.RegistryReader;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Run;
import com.cmkverifier.state.RunStore;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Starting and polling a verification: records a run and queues its first check; reads a run back. Touches
 * only Table and Queue storage.
 */
public final class Verifications {

    private static final Set<String> FIELDS = Set.of("resource", "since", "timeout");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Log Analytics keeps 30 days by default and at most 2 years interactive; older changes are not checkable. */
    private static final Duration MAX_SINCE_AGE = Duration.ofDays(90);
    /** A little past the next check, so that a poll finds it made. */
    private static final long POLL_SLACK_SECONDS = 15;

    private final RegistryStore registry;
    private final RunStore runs;
    private final JobQueue jobs;
    private final Clock clock;
    private final Duration defaultTimeout;

    public Verifications(RegistryStore registry, RunStore runs, JobQueue jobs, Clock clock, Duration defaultTimeout) {
        this.registry = registry;
        this.runs = runs;
        this.jobs = jobs;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout;
    }

    /** Starts a run for a request (a JSON object: resource, since, timeout). */
    public Run start(JsonNode request) {
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidRequest(field, "is not a field of a verification request (resource, since, timeout)");
            }
        }
        Instant now = clock.instant();
        String resource = resourceName(request.get("resource"));
        Instant since = since(request.get("since"), now);
        Duration timeout = timeout(request.get("timeout"));
        if (registry.find(resource).isEmpty()) {
            throw new NotFound("resource '" + resource + "' is not registered");
        }
        Run run = runs.create(Run.start(UUID.randomUUID().toString(), resource, since, timeout, now));
        jobs.send(new Job.RunCheck(run.id(), 1), Duration.ZERO);
        return run;
    }

    /**
     * The run as stored; a pending run past its deadline and the grace for its last check's message, with no
     * check in flight, is ended first, whatever happened to its messages: its last verdict stands, or
     * INCONCLUSIVE with the reason when no check was made.
     */
    public Run status(String id) {
        Run run = (id != null && RUN_ID.matcher(id).matches() ? runs.find(id) : Optional.<Run>empty())
                .orElseThrow(() -> new NotFound("no verification run with this id"));
        Instant now = clock.instant();
        if (!mayExpire(run, now)) {
            return run;
        }
        expire(runs, run, now);
        // Whether this poll ended it or a worker or another poll did first, the stored run is the answer.
        return runs.find(id).orElseThrow();
    }

    /**
     * Whether nothing can decide the run any more: its last check was due at the deadline, its message had the
     * reaper's whole grace to arrive, and no worker holds a claim (a check in flight decides the run).
     */
    static boolean mayExpire(Run run, Instant now) {
        return !run.done() && !now.isBefore(run.deadline().plus(Reaper.RUN_GRACE)) && !run.claimedAt(now);
    }

    /**
     * Ends a pending run at its deadline; false when another writer changed it first. The write is conditional
     * on the version read, so it never lands over a claim taken meanwhile.
     */
    static boolean expire(RunStore runs, Run run, Instant now) {
        return mayExpire(run, now) && runs.replace(run.expired(now, run.status() == null
                ? "timeout " + run.timeout() + " passed before any check was made (its queue message was lost or never processed)"
                : "timeout " + run.timeout() + " passed before the next check was made; the last verdict stands"));
    }

    /** How long a caller polling a pending run should wait: until a little past its next check. */
    public Duration pollAfter(Run run) {
        Instant now = clock.instant();
        Instant next = run.nextCheckAt() == null ? now : run.nextCheckAt();
        return Duration.ofSeconds(Math.max(0, Duration.between(now, next).toSeconds()) + POLL_SLACK_SECONDS);
    }

    private static String resourceName(JsonNode v) {
        if (v == null || v.isNull()) {
            throw new InvalidRequest("resource", "is required: the name of a registered resource");
        }
        if (!v.isTextual()) {
            throw new InvalidRequest("resource", "must be a string");
        }
        if (!RegistryReader.NAME.matcher(v.asText()).matches()) {
            throw new InvalidRequest("resource", "must be 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return v.asText();
    }

    private static Instant since(JsonNode v, Instant now) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidRequest("since", "must be an ISO-8601 time string like 2025-03-01T10:00:00Z");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("since", "must be an ISO-8601 time with offset, like 2025-03-01T10:00:00Z");
        }
        if (t.isAfter(now)) {
            throw new InvalidRequest("since", "must not be in the future");
        }
        if (t.isBefore(now.minus(MAX_SINCE_AGE))) {
            throw new InvalidRequest("since", "must be within the last " + MAX_SINCE_AGE.toDays() + " days");
        }
        return t;
    }

    private Duration timeout(JsonNode v) {
        if (v == null || v.isNull()) {
            return defaultTimeout;
        }
        if (!v.isTextual()) {
            throw new InvalidRequest("timeout", "must be an ISO-8601 duration string like PT30M");
        }
        Duration d;
        try {
            d = Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidRequest("timeout", "must be an ISO-8601 duration like PT30M");
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(AppSettings.MAX_RUN_TIMEOUT) > 0) {
            throw new InvalidRequest("timeout", "must be between PT1M and " + AppSettings.MAX_RUN_TIMEOUT);
        }
        return d;
    }
}
