package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.Window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Folds audit records into {@link AuditActivity}, keeping one counter per distinct group, never the records.
 * Not thread-safe: give each reader thread its own builder and {@link #merge} them.
 */
public final class AuditActivityBuilder {

    /** Enough to show where input went wrong without letting a broken file fill the report. */
    public static final int MAX_SKIPPED_DETAILS = 200;
    /** Descriptions are grouped on; a bound keeps a chatty service from multiplying groups. */
    static final int MAX_DESCRIPTION = 300;

    private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
    /**
     * Latest first, then every other group field: findings list callers and failure texts in this order, so a
     * verdict never depends on the order records were read or builders merged in.
     */
    private static final Comparator<ActivityGroup> ORDER = Comparator
            .comparing(ActivityGroup::last, Comparator.reverseOrder())
            .thenComparing(ActivityGroup::version, TEXT).thenComparing(ActivityGroup::operation)
            .thenComparingInt(ActivityGroup::httpStatus).thenComparing(g -> g.caller().objectId(), TEXT)
            .thenComparing(g -> g.caller().appId(), TEXT)
            .thenComparing(g -> g.caller().managedIdentityResourceId(), TEXT)
            .thenComparing(ActivityGroup::resultDescription, TEXT);

    /**
     * A group's fields, compared field by field by identity first: a reader hands out one instance per distinct
     * text, and the record's generated hash and equality (through method handles) showed in the profile.
     */
    private static final class GroupKey {
        private final KeyId key;
        private final String version;
        private final Caller caller;
        private final String operation;
        private final int status;
        private final String description;
        private final int hash;

        GroupKey(KeyId key, String version, Caller caller, String operation, int status, String description) {
            this.key = key;
            this.version = version;
            this.caller = caller;
            this.operation = operation;
            this.status = status;
            this.description = description;
            int h = hash(key.vaultHost()) * 31 + hash(key.keyName());
            h = h * 31 + hash(version);
            h = h * 31 + hash(caller.objectId());
            h = h * 31 + hash(caller.appId());
            h = h * 31 + hash(caller.managedIdentityResourceId());
            h = h * 31 + hash(operation);
            h = h * 31 + status;
            this.hash = h * 31 + hash(description);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey g && hash == g.hash && status == g.status && same(key, g.key)
                    && same(version, g.version) && same(caller, g.caller) && same(operation, g.operation)
                    && same(description, g.description);
        }

        private static int hash(String s) {
            return s == null ? 0 : s.hashCode();
        }

        private static boolean same(Object a, Object b) {
            return a == b || a != null && a.equals(b);
        }
    }

    private static final class Stats {
        long count;
        Instant first;
        Instant last;

        void add(long n, Instant f, Instant l) {
            count += n;
            if (first == null || f.isBefore(first)) {
                first = f;
            }
            if (last == null || l.isAfter(last)) {
                last = l;
            }
        }
    }

    private static final int ASKED_KEYS = 256;

    /** The key of records that came from no workspace (exported files). */
    static final String NO_WORKSPACE = "";

    private final Window window;
    private final Predicate<KeyId> keysOfInterest;
    private final Map<GroupKey, Stats> groups = new HashMap<>();
    private final Set<String> vaults = new HashSet<>();
    private final List<SourceIssue> issues = new ArrayList<>();
    private final List<SourceIssue> notes = new ArrayList<>();
    private final List<SkippedInput> skippedDetails = new ArrayList<>();
    private final Map<String, String> callerNames = new HashMap<>();
    /** Latest record time in the window by workspace id (lower case); {@link #NO_WORKSPACE} for exported files. */
    private final Map<String, Instant> latestRecords = new HashMap<>();
    /** The latest record time {@link #accept}ed, folded into {@link #latestRecords} when read: no map per record. */
    private Instant latestAccepted;
    /** The vault of the record accepted last: records come in runs of one vault, and the set need not be asked. */
    private String lastVault;
    /** {@link #keysOfInterest}' answers by the key's hash, compared by identity: the readers share key instances. */
    private final KeyId[] askedKeys = new KeyId[ASKED_KEYS];
    private final boolean[] interesting = new boolean[ASKED_KEYS];
    private long files;
    private long records;
    private long skipped;

    /**
     * @param window         records outside it are counted as read but otherwise ignored
     * @param keysOfInterest keys whose activity is kept; other keys still mark their vault as logging
     */
    public AuditActivityBuilder(Window window, Predicate<KeyId> keysOfInterest) {
        this.window = window;
        this.keysOfInterest = keysOfInterest;
    }

    public Window window() {
        return window;
    }

    public boolean isOfInterest(KeyId key) {
        return keysOfInterest.test(key);
    }

    public void accept(AuditRecord r) {
        records++;
        if (!window.contains(r.time())) {
            return;
        }
        String vault = r.vaultName();
        if (vault != null && vault != lastVault) {
            vaults.add(vault);
            lastVault = vault;
        }
        if (latestAccepted == null || r.time().isAfter(latestAccepted)) {
            latestAccepted = r.time();
        }
        if (r.key() != null && ofInterest(r.key())) {
            // A record's version is lower case already (AuditRecord): lower-casing it again per record showed.
            group(r.key(), r.keyVersion(), r.caller(), r.operation(), r.httpStatus(), r.resultDescription(), 1,
                    r.time(), r.time());
        }
    }

    /** {@link #keysOfInterest}' answer, asked once per key instance while it keeps its slot. */
    private boolean ofInterest(KeyId key) {
        int slot = (key.vaultHost().hashCode() * 31 + key.keyName().hashCode()) & (ASKED_KEYS - 1);
        if (askedKeys[slot] != key) {
            interesting[slot] = keysOfInterest.test(key);
            askedKeys[slot] = key;
        }
        return interesting[slot];
    }

    /** Adds an already aggregated group, as a server-side summary returns it. */
    public void addGroup(KeyId key, String version, Caller caller, String operation, int status,
                         String description, long count, Instant first, Instant last) {
        group(key, version == null ? null : version.toLowerCase(Locale.ROOT), caller, operation, status, description,
                count, first, last);
    }

    /** @param version lower case, or null */
    private void group(KeyId key, String version, Caller caller, String operation, int status, String description,
                       long count, Instant first, Instant last) {
        String desc = description == null || description.isEmpty() ? null
                : description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description;
        String ver = version == null || version.isEmpty() ? null : version;
        groups.computeIfAbsent(new GroupKey(key, ver, caller, operation, status, desc), k -> new Stats())
                .add(count, first, last);
    }

    /** A record of the workspace was seen at {@code time} (its summary's latest time). */
    public void latestRecord(String workspaceId, Instant time) {
        latestRecords.merge(workspaceId.toLowerCase(Locale.ROOT), time, (a, b) -> a.isAfter(b) ? a : b);
    }

    private void foldLatestAccepted() {
        if (latestAccepted != null) {
            latestRecord(NO_WORKSPACE, latestAccepted);
            latestAccepted = null;
        }
    }

    public void markVaultLogging(String vaultName) {
        vaults.add(vaultName.toLowerCase(Locale.ROOT));
    }

    public void countRecords(long n) {
        records += n;
    }

    public void countFile() {
        files++;
    }

    public void skip(String file, long line, String reason) {
        skipped++;
        if (skippedDetails.size() < MAX_SKIPPED_DETAILS) {
            skippedDetails.add(new SkippedInput(file, line, reason));
        }
    }

    public void issue(SourceIssue issue) {
        issues.add(issue);
    }

    /** A fact that explains an absence without making the source incomplete ({@link AuditActivity#notesFor}). */
    public void note(SourceIssue note) {
        notes.add(note);
    }

    public void callerName(String id, String name) {
        if (id != null && name != null && !name.isBlank()) {
            callerNames.put(id.toLowerCase(Locale.ROOT), name);
        }
    }

    public long records() {
        return records;
    }

    /** Adds everything another builder collected; used to combine per-thread builders. */
    public AuditActivityBuilder merge(AuditActivityBuilder o) {
        o.groups.forEach((k, s) -> groups.computeIfAbsent(k, x -> new Stats()).add(s.count, s.first, s.last));
        vaults.addAll(o.vaults);
        issues.addAll(o.issues);
        notes.addAll(o.notes);
        for (SkippedInput s : o.skippedDetails) {
            if (skippedDetails.size() < MAX_SKIPPED_DETAILS) {
                skippedDetails.add(s);
            }
        }
        callerNames.putAll(o.callerNames);
        o.foldLatestAccepted();
        o.latestRecords.forEach(this::latestRecord);
        files += o.files;
        records += o.records;
        skipped += o.skipped;
        return this;
    }

    public AuditActivity build() {
        foldLatestAccepted();
        Map<KeyId, List<ActivityGroup>> byKey = new LinkedHashMap<>();
        groups.forEach((k, s) -> byKey.computeIfAbsent(k.key, x -> new ArrayList<>()).add(new ActivityGroup(
                k.version, k.caller, k.operation, k.status, k.description, s.count, s.first, s.last)));
        byKey.replaceAll((k, v) -> v.stream().sorted(ORDER).toList());
        return new AuditActivity(byKey, vaults, issues, notes, new InputStats(files, records, skipped, skippedDetails),
                callerNames, latestRecords);
    }
}
