package com.cmkverifier.functions;

import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.json.Jackson;
import com.cmkverifier.state.Job;
import com.cmkverifier.state.JobQueue;
import com.cmkverifier.state.RegistryStore;
import com.cmkverifier.state.Sweep;
import com.cmkverifier.state.SweepProgress;
import com.cmkverifier.state.SweepResult;
import com.cmkverifier.state.SweepShard;
import com.cmkverifier.state.SweepStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nightly sweep: records a sweep of the whole registry and queues one job per shard; shows a sweep's
 * progress and results. A sweep's id is the schedule occurrence it stands for (the timer's
 * {@code ScheduleStatus.Next} as recorded before the firing, also on a past-due firing), so that a repeated
 * firing for the same occurrence does not sweep twice.
 */
public final class Sweeps {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<DateTimeFormatter> HOST_TIMES = List.of(
            new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffsetId()
                    .toFormatter(),
            new DateTimeFormatterBuilder().appendPattern("MM/dd/yyyy HH:mm:ss").optionalStart().appendOffsetId()
                    .toFormatter());
    private static final Pattern SWEEP_ID = Pattern.compile("sweep-\\d{8}T\\d{4}Z");

    private final RegistryStore registry;
    private final SweepStore sweeps;
    private final JobQueue jobs;
    private final Clock clock;
    private final Duration window;
    private final int shardSize;

    public Sweeps(RegistryStore registry, SweepStore sweeps, JobQueue jobs, Clock clock, Duration window,
                  int shardSize) {
        this.registry = registry;
        this.sweeps = sweeps;
        this.jobs = jobs;
        this.clock = clock;
        this.window = window;
        this.shardSize = shardSize;
    }

    /** Starts the sweep the timer firing stands for; returns the existing one when it was started already. */
    public Sweep start(String timerInfo) {
        Instant now = clock.instant();
        JsonNode info = timerInfo(timerInfo);
        boolean pastDue = info.path("IsPastDue").asBoolean(false);
        Instant occurrence = scheduled(info.path("ScheduleStatus").path("Next").asText(null), now);
        String id = "sweep-" + ID_TIME.format(occurrence.truncatedTo(ChronoUnit.MINUTES));
        Registry all = registry.registry();
        List<SweepShard> shards = Shards.plan(id, all, shardSize);
        Sweep sweep = sweeps.create(new Sweep(id, now, Window.ending(now, window), shards.size(), all.size(),
                pastDue ? "timer (past due)" : "timer", false), shards);
        if (!sweep.enqueued()) {
            for (int i = 0; i < sweep.shards(); i++) {
                jobs.send(new Job.ShardCheck(sweep.id(), i), Duration.ZERO);
            }
            sweeps.markEnqueued(sweep);
        }
        return sweep;
    }

    public ApiResponse latest() {
        return sweeps.latestId().map(this::progress).orElseThrow(() -> Problem.notFound("no sweep has run yet"));
    }

    public ApiResponse progress(String id) {
        SweepProgress p = (id != null && SWEEP_ID.matcher(id).matches() ? sweeps.progress(id)
                : Optional.<SweepProgress>empty())
                .orElseThrow(() -> Problem.notFound("no sweep with this id"));
        return ApiResponse.json(200, view(p));
    }

    private static ObjectNode view(SweepProgress p) {
        Sweep s = p.sweep();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.id());
        o.put("state", p.complete() ? "done" : "running");
        o.put("trigger", s.trigger());
        o.put("startedAt", s.startedAt().toString());
        o.putObject("window").put("from", s.window().from().toString()).put("to", s.window().to().toString());
        o.putObject("shards").put("done", p.shardsDone()).put("total", s.shards());
        o.putObject("resources").put("done", p.results().size()).put("total", s.resources());
        ObjectNode counts = o.putObject("summary");
        p.counts().forEach((status, n) -> counts.put(status.name(), n));
        ArrayNode results = o.putArray("results");
        for (SweepResult r : p.results()) {
            ObjectNode ro = results.addObject().put("resource", r.resource()).put("status", r.status().name());
            r.findings().forEach(ro.putArray("findings")::add);
            if (r.reason() != null) {
                ro.put("reason", r.reason());
            }
        }
        return o;
    }

    private static JsonNode timerInfo(String text) {
        try {
            JsonNode n = text == null ? null : Jackson.MAPPER.readTree(text);
            return n == null ? JsonNodeFactory.instance.objectNode() : n;
        } catch (Exception e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * The host writes ISO dates with an offset, or .NET's {@code MM/dd/yyyy HH:mm:ssK} (TimerInfo.DateTimeFormat);
     * a time without an offset is UTC, the schedule's zone.
     */
    private static Instant scheduled(String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        for (DateTimeFormatter f : HOST_TIMES) {
            try {
                return f.parseBest(text.trim(), OffsetDateTime::from, LocalDateTime::from) instanceof OffsetDateTime o
                        ? o.toInstant() : LocalDateTime.parse(text.trim(), f).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next shape
            }
        }
        return fallback;
    }
}
