package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.ResourceBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The builder's per-record shortcuts (answers remembered by identity, the latest time kept aside) give what
 * folding every record the plain way gives, however the records are split between builders.
 */
class AuditActivityBuilderTest {

    private static final Set<KeyId> OF_INTEREST = Set.of(new KeyId("kv-a.vault.azure.net", "k1"),
            new KeyId("kv-b.vault.azure.net", "k1"), new KeyId("kv-a.vault.azure.net", "k2"));
    /** No workspace entry of its own: its latest record is the exported files'. */
    private static final ProtectedResource RESOURCE = ResourceBuilder.storage().workspace("ws-none").build();

    @Property(tries = 300)
    void buildsWhatAPlainFoldOfTheRecordsBuilds(@ForAll("records") List<AuditRecord> records,
                                                @ForAll @IntRange(min = 0, max = 100) int splitPercent) {
        int split = records.size() * splitPercent / 100;
        AuditActivityBuilder first = new AuditActivityBuilder(Lab.WINDOW, OF_INTEREST::contains);
        AuditActivityBuilder second = new AuditActivityBuilder(Lab.WINDOW, OF_INTEREST::contains);
        records.subList(0, split).forEach(first::accept);
        records.subList(split, records.size()).forEach(second::accept);
        AuditActivity built = first.merge(second).build();

        Map<List<Object>, long[]> groups = new HashMap<>();
        Map<List<Object>, Instant[]> times = new HashMap<>();
        Set<String> vaults = new HashSet<>();
        Instant latest = null;
        for (AuditRecord r : records) {
            if (!Lab.WINDOW.contains(r.time())) {
                continue;
            }
            if (r.vaultName() != null) {
                vaults.add(r.vaultName());
            }
            latest = latest == null || r.time().isAfter(latest) ? r.time() : latest;
            if (r.key() != null && OF_INTEREST.contains(r.key())) {
                // Groups hold no empty version or description, and descriptions cut at their bound.
                String d = r.resultDescription();
                d = d == null || d.isEmpty() ? null : d.substring(0, Math.min(d.length(),
                        AuditActivityBuilder.MAX_DESCRIPTION));
                List<Object> g = Arrays.asList(r.key(), "".equals(r.keyVersion()) ? null : r.keyVersion(),
                        r.caller(), r.operation(), r.httpStatus(), d);
                groups.computeIfAbsent(g, x -> new long[1])[0]++;
                Instant[] t = times.computeIfAbsent(g, x -> new Instant[] {r.time(), r.time()});
                t[0] = r.time().isBefore(t[0]) ? r.time() : t[0];
                t[1] = r.time().isAfter(t[1]) ? r.time() : t[1];
            }
        }
        Map<List<Object>, String> expected = new HashMap<>();
        groups.forEach((g, n) -> expected.put(g, n[0] + " " + times.get(g)[0] + " " + times.get(g)[1]));
        Map<List<Object>, String> actual = new HashMap<>();
        built.groupsByKey().forEach((k, list) -> list.forEach(a -> assertEquals(null, actual.put(Arrays.asList(k,
                a.version(), a.caller(), a.operation(), a.httpStatus(), a.resultDescription()),
                a.count() + " " + a.first() + " " + a.last()), "one group per distinct fields")));
        assertEquals(expected, actual);
        assertEquals(vaults, built.vaultsWithRecords());
        assertEquals(latest, built.latestRecordFor(RESOURCE));
        assertEquals(records.size(), built.inputs().records());
    }

    @Test
    void asksWhetherAKeyIsOfInterestOncePerKeyInstance() {
        AtomicInteger asked = new AtomicInteger();
        AuditActivityBuilder b = new AuditActivityBuilder(Lab.WINDOW, k -> {
            asked.incrementAndGet();
            return OF_INTEREST.contains(k);
        });
        List<KeyId> keys = List.of(new KeyId("kv-a.vault.azure.net", "k1"), new KeyId("kv-b.vault.azure.net", "k1"),
                new KeyId("kv-a.vault.azure.net", "k9"));
        for (int i = 0; i < 300; i++) {
            KeyId key = keys.get(i % keys.size());
            b.accept(new AuditRecord(Lab.AT, "KeyUnwrap", 200, null, null, null, key, null, null));
        }
        assertEquals(keys.size(), asked.get());
        assertEquals(200, b.build().groupsByKey().values().stream().flatMap(List::stream)
                .mapToLong(ActivityGroup::count).sum());
    }

    @Test
    void answersForEveryKeyAsThePredicateDoesWhenMoreKeysThanItRemembersShareItsSlots() {
        // More keys than remembered answers, every other one of interest: some share a slot with one that is not.
        List<KeyId> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(new KeyId("kv-" + i % 13 + ".vault.azure.net", "key-" + i));
        }
        AuditActivityBuilder b = new AuditActivityBuilder(Lab.WINDOW, k -> keys.indexOf(k) % 2 == 0);
        for (int round = 0; round < 3; round++) {
            for (KeyId key : keys) {
                b.accept(new AuditRecord(Lab.AT, "KeyUnwrap", 200, null, null, null, key, null, null));
            }
        }
        AuditActivity built = b.build();
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(i % 2 == 0 ? 3L : 0L, built.groupsFor(keys.get(i)).stream()
                    .mapToLong(ActivityGroup::count).sum(), keys.get(i).toString());
        }
        assertEquals(keys.size() / 2, built.groupsByKey().size());
    }

    /**
     * Few distinct values, each sometimes as an equal but separate instance (as from another reader or after a
     * cache reset), so that groups, keys and vaults meet both by identity and by equality.
     */
    @Provide
    Arbitrary<List<AuditRecord>> records() {
        Arbitrary<KeyId> key = Arbitraries.of("kv-a.vault.azure.net/k1", "kv-b.vault.azure.net/k1",
                "kv-a.vault.azure.net/k2", "kv-a.vault.azure.net/k3", "kv-c.vault.azure.net/k1").map(text -> {
                    String[] p = text.split("/");
                    return new KeyId(p[0], p[1]);
                }).injectDuplicates(0.7).injectNull(0.1);
        Arbitrary<String> version = Arbitraries.of("v1", "v2", "").map(String::new).injectDuplicates(0.7).injectNull(0.3);
        Arbitrary<Caller> caller = Arbitraries.of("o1", "o2", "o3").map(o -> new Caller(o, null, null))
                .injectDuplicates(0.7).injectNull(0.2);
        Arbitrary<String> operation = Arbitraries.of("KeyUnwrap", "KeyWrap", "KeyGet").map(String::new);
        Arbitrary<Integer> status = Arbitraries.of(200, 401, AuditRecord.UNKNOWN_STATUS);
        Arbitrary<String> description = Arbitraries.of("", "denied", "x".repeat(AuditActivityBuilder.MAX_DESCRIPTION + 5))
                .map(String::new).injectNull(0.5);
        Arbitrary<String> vault = Arbitraries.of("kv-a", "kv-b", "kv-c").map(String::new).injectDuplicates(0.8)
                .injectNull(0.2);
        Arbitrary<Instant> time = Arbitraries.longs().between(-3600, 25 * 3600).map(Lab.AT::minusSeconds);
        Arbitrary<AuditRecord> record = Combinators.combine(time, operation, status, description, vault, key, version,
                caller).as((t, o, s, d, v, k, ver, c) -> new AuditRecord(t, o, s, null, d, v, k, ver, c));
        return record.list().ofMaxSize(200).map(ArrayList::new);
    }
}
