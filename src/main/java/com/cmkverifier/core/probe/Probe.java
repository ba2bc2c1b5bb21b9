package com.cmkverifier.core.probe;

import com.cmkverifier.core.activity.AuditActivity;
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
 * The disable-and-observe probe (spec section 11), once every guard passed: writes the restore record (a local
 * file and the {@value RestoreRecord#TAG} tag on the version), disables the version, watches the identity's
 * attempts on it in the audit log, and re-enables it on every path: the normal end, an error, a shutdown hook
 * for Ctrl-C and SIGTERM, and a watchdog thread at the deadline whatever the observer is doing. It reads the
 * version back, removes the tag and the file, then watches for the recovery. The outage ends early when another
 * identity starts failing on the version.
 */
public final class Probe {

    /** Pause between two re-enable attempts; attempts go on until the deadline plus {@link #REENABLE_GRACE}. */
    static final Duration REENABLE_PAUSE = Duration.ofSeconds(10);
    static final Duration REENABLE_GRACE = Duration.ofMinutes(15);
    /** The watchdog looks at the clock this often, so that a machine back from sleep acts at once. */
    static final Duration WATCHDOG_TICK = Duration.ofSeconds(1);

    /**
     * @param maxOutage    how long the version may stay disabled (a hard deadline), and how long a recovery may
     *                     take after it
     * @param pollInterval pause between two reads of the audit log
     * @param who          the person or pipeline running the probe, for the tag on the key
     */
    public record Settings(Duration maxOutage, Duration pollInterval, String who) {
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
            who = who == null || who.isBlank() ? "unknown" : who;
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
    private final Sleeper watchdogSleeper;
    private final ExitHooks hooks;
    private final Consumer<String> progress;
    /** Set by a shutdown hook: no disable may start any more. Guarded by {@code this}. */
    private boolean stopping;
    /** Key Vault's time of the last re-enable this probe made or confirmed. */
    private volatile Instant reenabledAt;
    private volatile boolean watchdogFired;
    /** Set once the probing thread's own restore has run: the watchdog then has nothing left to do. Guarded by {@code this}. */
    private boolean finished;

    /**
     * @param sleeper         waits between polls and between re-enable attempts
     * @param watchdogSleeper waits for the deadline on the watchdog's own thread
     */
    public Probe(KeyVersionSwitch keys, AuditLogSource logs, RestoreRecords records, Settings settings, Clock clock,
                 Sleeper sleeper, Sleeper watchdogSleeper, ExitHooks hooks, Consumer<String> progress) {
        this.keys = keys;
        this.logs = logs;
        this.records = records;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.watchdogSleeper = watchdogSleeper;
        this.hooks = hooks;
        this.progress = progress;
    }

    public Result run(ProtectedResource target) {
        KeyId key = target.key().keyId();
        KeyVersionSwitch.VersionState state = keys.read(key, target.key().version());
        if (!state.enabled()) {
            throw new Refused("version " + state.version() + " of key " + key + " is not enabled: nothing to"
                    + " probe (if an earlier probe left it so, run cmkv probe --live --restore)");
        }
        String version = state.version();
        Instant start = clock.instant();
        RestoreRecord record = new RestoreRecord(target.name(), key, version, settings.who(), start,
                start.plus(settings.maxOutage()));
        Instant giveUpAt = record.deadline().plus(REENABLE_GRACE);
        records.write(record);
        try {
            keys.setTags(key, version, record.taggedOnto(state.tags()));
        } catch (RuntimeException e) {
            records.remove(record);
            throw new DisableFailed("writing the " + RestoreRecord.TAG + " tag on version " + version + " of " + key
                    + " failed, so nothing was disabled, and it is confirmed enabled: " + e.getMessage(), true, e);
        }
        Object hook = hooks.add(() -> {
            synchronized (this) {
                stopping = true;
            }
            String problem = restore(record, giveUpAt);
            progress.accept(problem == null ? "interrupted: version " + version + " re-enabled and confirmed"
                    : "interrupted: VERSION " + version + " OF " + key + " IS STILL DISABLED (" + problem
                    + "): run cmkv probe --live --restore");
        });
        Instant disabledAt = null;
        ProbeObservation seen = null;
        RuntimeException disableError = null;
        Thread watchdog = null;
        String problem;
        try {
            disabledAt = disable(key, version);
            watchdog = watchdog(record, giveUpAt);
            progress.accept("disabled version " + version + " of " + key + " at " + disabledAt + " (Key Vault's"
                    + " time); watching " + target.name() + "'s identity until " + record.deadline() + " at the"
                    + " latest (" + notice(target) + ")");
            seen = watchOutage(target, version, disabledAt, record.deadline());
        } catch (RuntimeException e) {
            if (disabledAt == null) {
                disableError = e;
            } else {
                seen = ProbeObservation.failed(target, version, disabledAt, null, clock.instant(), e.toString());
            }
        } finally {
            problem = restoreAndFinish(record, giveUpAt);
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
        if (disableError != null) {
            if (problem == null) {
                hooks.remove(hook);
                throw new DisableFailed("disabling version " + version + " of " + key + " failed, and it is"
                        + " confirmed enabled: " + disableError.getMessage(), true, disableError);
            }
            throw new DisableFailed("disabling version " + version + " of " + key + " failed ("
                    + disableError.getMessage() + ") and it could not be confirmed enabled (" + problem
                    + "): run cmkv probe --live --restore", false, disableError);
        }
        if (problem == null) {
            hooks.remove(hook);
            // Key Vault's time of the re-enable; this machine's only if Key Vault's answer lacked it.
            Instant back = reenabledAt != null ? reenabledAt : clock.instant();
            progress.accept("re-enabled version " + version + " at " + back + " (Key Vault's time) and read it back"
                    + " enabled");
            if (seen.observerError() == null) {
                Instant lagEnd = back.plus(NoticeTimes.INGESTION_LAG);
                seen = watch(target, version, disabledAt, back,
                        o -> o.dependencyShown() ? o.recovered() : !o.observedUntil().isBefore(lagEnd),
                        clock.instant().plus(settings.maxOutage()));
            }
        } else {
            progress.accept("VERSION " + version + " OF " + key + " IS STILL DISABLED: re-enabling failed ("
                    + problem + "); run cmkv probe --live --restore");
        }
        return new Result(verdict(target, seen, problem, record), record, problem == null, problem);
    }

    /**
     * The disable, under the same lock as {@link #restore}: a shutdown hook that arrives while the PATCH is in
     * flight waits for its answer and then re-enables, instead of reading "enabled" before the PATCH lands.
     */
    private synchronized Instant disable(KeyId key, String version) {
        if (stopping) {
            throw new IllegalStateException("stopped before the disable");
        }
        Instant at = keys.setEnabled(key, version, false);
        // Key Vault's time of the disable; this machine's only if Key Vault's answer lacked it.
        return at != null ? at : clock.instant();
    }

    /** A thread that re-enables the version at the deadline, whatever the observing thread is blocked on. */
    private Thread watchdog(RestoreRecord record, Instant giveUpAt) {
        Thread t = new Thread(() -> {
            try {
                for (Instant now = clock.instant(); now.isBefore(record.deadline()); now = clock.instant()) {
                    Duration left = Duration.between(now, record.deadline());
                    watchdogSleeper.sleep(left.compareTo(WATCHDOG_TICK) < 0 ? left : WATCHDOG_TICK);
                }
            } catch (InterruptedException e) {
                return;
            }
            String problem = restoreUnlessFinished(record, giveUpAt);
            if (problem != null) {
                progress.accept("VERSION " + record.version() + " OF " + record.key() + " IS STILL DISABLED ("
                        + problem + "): run cmkv probe --live --restore");
            }
        }, "cmkv-probe-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The probing thread's last restore; after it, a watchdog still waiting for the lock stands down. */
    private synchronized String restoreAndFinish(RestoreRecord record, Instant giveUpAt) {
        String problem = restore(record, giveUpAt);
        finished = true;
        return problem;
    }

    private synchronized String restoreUnlessFinished(RestoreRecord record, Instant giveUpAt) {
        if (finished) {
            return null;
        }
        watchdogFired = true;
        progress.accept("deadline " + record.deadline() + " reached: re-enabling version " + record.version()
                + " now, whatever the observer is doing");
        return restore(record, giveUpAt);
    }

    /**
     * Makes sure the recorded version is enabled, reading it back, then removes the tag and the record. Retries
     * until {@code giveUpAt}. Idempotent, and synchronized so that the shutdown hook, the watchdog and the probing
     * thread never race each other or the disable.
     *
     * @return null when the version is confirmed enabled, else the last problem
     */
    public synchronized String restore(RestoreRecord record, Instant giveUpAt) {
        String problem;
        while (true) {
            try {
                KeyVersionSwitch.VersionState now = keys.read(record.key(), record.version());
                if (!now.enabled()) {
                    reenabledAt = keys.setEnabled(record.key(), record.version(), true);
                }
                KeyVersionSwitch.VersionState back = keys.read(record.key(), record.version());
                if (back.enabled()) {
                    reenabledAt = reenabledAt == null ? back.updated() : reenabledAt;
                    untag(record, back);
                    records.remove(record);
                    return null;
                }
                problem = "read back after re-enabling shows it not enabled";
            } catch (RuntimeException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (!clock.instant().isBefore(giveUpAt) || !pause()) {
                return problem;
            }
        }
    }

    /** Removes the probe's tag from an enabled version; a failure leaves a harmless tag and is said. */
    private void untag(RestoreRecord record, KeyVersionSwitch.VersionState back) {
        if (!back.tags().containsKey(RestoreRecord.TAG)) {
            return;
        }
        try {
            keys.setTags(record.key(), record.version(), RestoreRecord.untagged(back.tags()));
        } catch (RuntimeException e) {
            progress.accept("version " + record.version() + " is enabled, but its " + RestoreRecord.TAG + " tag"
                    + " could not be removed (" + e.getMessage() + "): remove it by hand");
        }
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

    /**
     * Watches the outage until the identity fails on the version, another identity does (stop early), the
     * watchdog fires or the deadline passes.
     */
    private ProbeObservation watchOutage(ProtectedResource r, String version, Instant disabledAt, Instant deadline) {
        ProbeObservation o = watch(r, version, disabledAt, null,
                x -> x.dependencyShown() || !x.otherFailures().isEmpty(), deadline);
        if (!o.otherFailures().isEmpty()) {
            progress.accept("STOPPING EARLY: other identities failed on version " + version + " during the outage: "
                    + String.join(", ", o.otherFailures()) + "; re-enabling now");
        }
        return o;
    }

    /** Reads the audit log every poll interval until {@code done}, the watchdog or {@code deadline}; returns the last reading. */
    private ProbeObservation watch(ProtectedResource r, String version, Instant disabledAt, Instant back,
                                   Predicate<ProbeObservation> done, Instant deadline) {
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                sleeper.sleep(left.compareTo(settings.pollInterval()) < 0 && !left.isNegative()
                        ? left : settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ProbeObservation.failed(r, version, disabledAt, back, clock.instant(), "interrupted");
            }
            Instant now = clock.instant();
            ProbeObservation o = observe(r, version, disabledAt, back == null && watchdogFired ? reenabledAt : back,
                    now);
            progress.accept(describe(o, deadline));
            if (o.observerError() != null || (o.complete() && done.test(o)) || !now.isBefore(deadline)
                    || (back == null && watchdogFired)) {
                return o;
            }
        }
    }

    private ProbeObservation observe(ProtectedResource r, String version, Instant disabledAt, Instant back,
                                     Instant now) {
        try {
            List<ProtectedResource> target = List.of(r);
            Instant end = back == null ? latest(disabledAt, now) : back;
            Instant noticeAt = ProbeObservation.noticeAt(r, disabledAt);
            AuditActivity outage = logs.read(target, new Window(disabledAt, end));
            AuditActivity noticed = end.isAfter(noticeAt) ? logs.read(target, new Window(noticeAt, end)) : null;
            AuditActivity recovery = back == null ? null : logs.read(target, new Window(back, latest(back, now)));
            return ProbeObservation.of(r, version, disabledAt, back, now, outage, noticed, recovery);
        } catch (RuntimeException e) {
            return ProbeObservation.failed(r, version, disabledAt, back, now, e.toString());
        }
    }

    /** Key Vault's times and this machine's clock may disagree a little: a window never ends before it starts. */
    private static Instant latest(Instant a, Instant b) {
        return b.isBefore(a) ? a : b;
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
        NoticeTimes.Timing t = NoticeTimes.of(r.type());
        return (t.documented() ? "a " + r.type() + " notices a disabled key within about " + t.notice()
                : "how soon a " + r.type() + " notices a disabled key is not documented (assumed " + t.notice() + ")")
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
                    "Run cmkv probe --live --restore (it re-enables from the tag on the key or the restore record), or enable the version in"
                            + " the portal: Key Vault > Keys > " + record.key().keyName() + " > " + record.version()
                            + " > Enabled."));
        }
        Instant end = o.observedUntil().isBefore(o.disabledAt()) ? o.disabledAt() : o.observedUntil();
        return new Verdict(r.name(), r.type(), r.key().url(), new Window(o.disabledAt(), end),
                StatusRule.of(findings), findings, List.of());
    }
}
