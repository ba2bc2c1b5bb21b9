package com.cmkverifier.core.probe;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;
import com.cmkverifier.core.rules.KeyUseConfirmed;
import com.cmkverifier.core.sources.AuditLogSource;
import com.cmkverifier.core.verdict.StatusRule;
import com.cmkverifier.core.verdict.Verdict;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The disable-and-observe probe (spec section 11): reads the version's state, writes the restore record,
 * disables the version, watches the identity's proof-of-use attempts in the audit log, re-enables the version
 * on every path (normal end, {@code maxOutage}, an error, a shutdown hook for Ctrl-C) and reads it back, then
 * watches for the recovery. The guards that need no request ({@link ProbeGuards}) run before this.
 */
public final class Probe {

    /** Re-enable attempts before the probe gives up and says, loudly, that the version is still disabled. */
    static final int REENABLE_ATTEMPTS = 5;
    static final Duration REENABLE_PAUSE = Duration.ofSeconds(10);

    /**
     * @param maxOutage    how long the version may stay disabled, and how long a recovery may take after it
     * @param pollInterval pause between two reads of the audit log
     */
    public record Settings(Duration maxOutage, Duration pollInterval) {
        public static final Duration DEFAULT_MAX_OUTAGE = Duration.ofMinutes(30);
        public static final Duration DEFAULT_POLL = Duration.ofMinutes(1);

        public Settings {
            if (maxOutage == null || maxOutage.isNegative() || maxOutage.isZero()
                    || maxOutage.compareTo(Duration.ofHours(6)) > 0) {
                throw new IllegalArgumentException("--max-outage must be between PT1S and PT6H, got " + maxOutage);
            }
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("the poll interval must be positive, got " + pollInterval);
            }
        }
    }

    /**
     * @param restored true when the version was read back enabled (or never left enabled)
     * @param problem  why it could not be re-enabled, when it could not
     */
    public record Result(Verdict verdict, RestoreRecord record, boolean restored, String problem) {
    }

    /** The probe refused to change anything: the version is already disabled. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** Disabling failed (typically 403: the person lacks the role); afterwards the version was read back. */
    public static final class DisableFailed extends RuntimeException {
        private final boolean confirmedEnabled;

        DisableFailed(String message, boolean confirmedEnabled, Throwable cause) {
            super(message, cause);
            this.confirmedEnabled = confirmedEnabled;
        }

        /** False when it could not be confirmed enabled: the restore record stays, and the person must act. */
        public boolean confirmedEnabled() {
            return confirmedEnabled;
        }
    }

    private final KeyVersionSwitch keys;
    private final AuditLogSource logs;
    private final RestoreRecords records;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExitHooks hooks;
    private final Consumer<String> progress;

    public Probe(KeyVersionSwitch keys, AuditLogSource logs, RestoreRecords records, Settings settings, Clock clock,
                 Sleeper sleeper, ExitHooks hooks, Consumer<String> progress) {
        this.keys = keys;
        this.logs = logs;
        this.records = records;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.hooks = hooks;
        this.progress = progress;
    }

    public Result run(ProtectedResource target) {
        KeyId key = target.key().keyId();
        KeyVersionSwitch.VersionState state = keys.read(key, target.key().version());
        if (!state.enabled()) {
            throw new Refused("version " + state.version() + " of key " + key + " is already disabled: nothing to"
                    + " probe (if an earlier probe left it so, run cmkv probe --restore)");
        }
        String version = state.version();
        RestoreRecord record = new RestoreRecord(target.name(), key, version, clock.instant());
        records.write(record);
        Object hook = hooks.add(() -> {
            String problem = restore(record);
            progress.accept(problem == null ? "interrupted: version " + version + " re-enabled and confirmed"
                    : "interrupted: VERSION " + version + " OF " + key + " IS STILL DISABLED (" + problem
                    + "): run cmkv probe --restore");
        });
        Instant disabledAt = null;
        ProbeObservation seen = null;
        RuntimeException disableError = null;
        String problem;
        try {
            keys.setEnabled(key, version, false);
            disabledAt = clock.instant();
            progress.accept("disabled version " + version + " of " + key + " at " + disabledAt + "; watching "
                    + target.name() + "'s identity for up to " + settings.maxOutage() + " (" + notice(target) + ")");
            seen = watch(target, version, disabledAt, null, ProbeObservation::dependencyShown,
                    disabledAt.plus(settings.maxOutage()));
        } catch (RuntimeException e) {
            if (disabledAt == null) {
                disableError = e;
            } else {
                seen = ProbeObservation.failed(target, version, disabledAt, null, clock.instant(), e.toString());
            }
        } finally {
            problem = restore(record);
        }
        if (disableError != null) {
            if (problem == null) {
                hooks.remove(hook);
                throw new DisableFailed("disabling version " + version + " of " + key + " failed, and it is"
                        + " confirmed enabled: " + disableError.getMessage(), true, disableError);
            }
            throw new DisableFailed("disabling version " + version + " of " + key + " failed ("
                    + disableError.getMessage() + ") and it could not be confirmed enabled (" + problem
                    + "): run cmkv probe --restore", false, disableError);
        }
        Instant reenabledAt = clock.instant();
        if (problem == null) {
            hooks.remove(hook);
            progress.accept("re-enabled version " + version + " at " + reenabledAt + " and read it back enabled");
            if (seen.observerError() == null) {
                Instant lagEnd = reenabledAt.plus(NoticeTimes.INGESTION_LAG);
                seen = watch(target, version, disabledAt, reenabledAt,
                        o -> o.dependencyShown() ? o.recovered() : !o.observedUntil().isBefore(lagEnd),
                        reenabledAt.plus(settings.maxOutage()));
            }
        } else {
            progress.accept("VERSION " + version + " OF " + key + " IS STILL DISABLED: re-enabling failed ("
                    + problem + "); run cmkv probe --restore");
        }
        return new Result(verdict(target, seen, problem, record), record, problem == null, problem);
    }

    /**
     * Makes sure the recorded version is enabled, reading it back; removes the record when it is. Idempotent, and
     * synchronized so that the shutdown hook and the probing thread never race.
     *
     * @return null when the version is confirmed enabled, else the last problem
     */
    public synchronized String restore(RestoreRecord record) {
        String problem = null;
        for (int attempt = 1; attempt <= REENABLE_ATTEMPTS; attempt++) {
            try {
                if (!keys.read(record.key(), record.version()).enabled()) {
                    keys.setEnabled(record.key(), record.version(), true);
                }
                if (keys.read(record.key(), record.version()).enabled()) {
                    records.remove(record);
                    return null;
                }
                problem = "read back after re-enabling shows it still disabled";
            } catch (RuntimeException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (attempt < REENABLE_ATTEMPTS && !pause()) {
                break;
            }
        }
        return problem;
    }

    private boolean pause() {
        try {
            sleeper.sleep(REENABLE_PAUSE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads the audit log every poll interval until {@code done} or {@code deadline}; returns the last reading. */
    private ProbeObservation watch(ProtectedResource r, String version, Instant disabledAt, Instant reenabledAt,
                                   Predicate<ProbeObservation> done, Instant deadline) {
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                sleeper.sleep(left.compareTo(settings.pollInterval()) < 0 && !left.isNegative()
                        ? left : settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeObservation.failed(r, version, disabledAt, reenabledAt, clock.instant(), "interrupted");
            }
            Instant now = clock.instant();
            ProbeObservation o = observe(r, version, disabledAt, reenabledAt, now);
            progress.accept(describe(o, deadline));
            if (o.observerError() != null || (o.complete() && done.test(o)) || !now.isBefore(deadline)) {
                return o;
            }
        }
    }

    private ProbeObservation observe(ProtectedResource r, String version, Instant disabledAt, Instant reenabledAt,
                                     Instant now) {
        try {
            List<ProtectedResource> target = List.of(r);
            if (reenabledAt == null) {
                return ProbeObservation.of(r, version, disabledAt, null, now,
                        logs.read(target, new Window(disabledAt, now)), null);
            }
            return ProbeObservation.of(r, version, disabledAt, reenabledAt, now,
                    logs.read(target, new Window(disabledAt, reenabledAt)), logs.read(target, new Window(reenabledAt, now)));
        } catch (RuntimeException e) {
            return ProbeObservation.failed(r, version, disabledAt, reenabledAt, now, e.toString());
        }
    }

    private static String describe(ProbeObservation o, Instant deadline) {
        String phase = o.reenabledAt() == null
                ? "disabled for " + Duration.between(o.disabledAt(), o.observedUntil()).withNanos(0)
                : "re-enabled for " + Duration.between(o.reenabledAt(), o.observedUntil()).withNanos(0);
        String state = o.observerError() != null ? "audit log unreadable: " + o.observerError()
                : !o.complete() ? "audit log incomplete, reading again"
                : "the identity failed " + o.failuresWhileDisabled() + " and succeeded " + o.successesWhileDisabled()
                + " time(s) while disabled" + (o.reenabledAt() == null ? "" : ", succeeded " + o.successesAfter()
                + " time(s) since");
        Duration left = Duration.between(o.observedUntil(), deadline).withNanos(0);
        return "version " + phase + ": " + state + (left.isNegative() || left.isZero() ? "" : "; at most " + left
                + " more");
    }

    private static String notice(ProtectedResource r) {
        return NoticeTimes.of(r.type()).map(d -> "a " + r.type() + " notices a disabled key within about " + d)
                .orElse("how soon a " + r.type() + " notices a disabled key is not documented")
                + "; audit records arrive up to " + NoticeTimes.INGESTION_LAG + " after the call";
    }

    private static Verdict verdict(ProtectedResource r, ProbeObservation o, String problem, RestoreRecord record) {
        List<Finding> findings = new ArrayList<>();
        for (ProbeRule rule : ProbeRule.RULES) {
            rule.evaluate(o).ifPresent(findings::add);
        }
        if (findings.stream().anyMatch(f -> f.code() == FindingCode.PROBE_DEPENDENCY_PROVEN)) {
            // The successes after the re-enable are the spec's proof of use too; without it no verdict passes.
            findings.add(0, new Finding(FindingCode.KEY_USE_CONFIRMED, r.name() + " used key " + r.key().keyName()
                    + " successfully " + o.successesAfter() + " time(s) after the probe re-enabled it, first at "
                    + o.firstSuccessAfter(), Map.of("successCount", o.successesAfter(), "firstSuccess",
                    String.valueOf(o.firstSuccessAfter()), "versionsUsed", List.of(o.version())),
                    new KeyUseConfirmed().remediation()));
        }
        if (problem != null) {
            findings.add(new Finding(FindingCode.KEY_DISABLED, "the probe could not re-enable version "
                    + record.version() + " of " + record.key() + ": " + problem + ". It is still disabled and "
                    + r.name() + " cannot use it", Map.of("version", record.version(), "key",
                    record.key().toString(), "disabledAt", String.valueOf(o.disabledAt())),
                    "Run cmkv probe --restore (it re-enables from the restore record), or enable the version in"
                            + " the portal: Key Vault > Keys > " + record.key().keyName() + " > " + record.version()
                            + " > Enabled."));
        }
        Instant end = o.observedUntil().isBefore(o.disabledAt()) ? o.disabledAt() : o.observedUntil();
        return new Verdict(r.name(), r.type(), r.key().url(), new Window(o.disabledAt(), end),
                StatusRule.of(findings), findings, List.of());
    }

    /** The probe's notice for the person before anything changes, when --max-outage is shorter than the type needs. */
    public static String outageWarning(ProtectedResource r, Duration maxOutage) {
        return NoticeTimes.of(r.type()).filter(d -> d.plus(NoticeTimes.INGESTION_LAG).compareTo(maxOutage) > 0)
                .map(d -> "note: a " + r.type() + " notices a disabled key within about " + d + " and audit records"
                        + " arrive up to " + NoticeTimes.INGESTION_LAG + " later; --max-outage " + maxOutage
                        + " may end PROBE_INCONCLUSIVE").orElse(null);
    }
}
