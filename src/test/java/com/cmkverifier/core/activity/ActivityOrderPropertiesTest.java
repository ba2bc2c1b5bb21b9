package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.AuditRecord;
import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.KeyId;
import com.cmkverifier.core.model.KeyLookup;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Registry;
import com.cmkverifier.core.rules.VerificationSettings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.VersionBuilder;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.core.verdict.Verdict;
import com.cmkverifier.core.verdict.VerificationService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Verdicts depend on the records, not on the order they were read in nor on how reading was split up. */
class ActivityOrderPropertiesTest {

    private static final Caller SQL_IDENTITY = new Caller("33333333-3333-3333-3333-333333333333", null, null);
    private static final Caller COSMOS_APP = new Caller(null, ResourceTypes.COSMOS_APP_ID, null);

    private static final List<ProtectedResource> RESOURCES = List.of(
            ResourceBuilder.storage().build(),
            ResourceBuilder.storage().name("sql-prod").type(ResourceTypes.SQL_SERVER).resourceId(null)
                    .principalId(SQL_IDENTITY.objectId()).pinned(Lab.V_OLD).build(),
            ResourceBuilder.withoutIdentity(ResourceTypes.COSMOS_DB).key("https://" + Lab.VAULT_HOST + "/keys/sql-cmk")
                    .build());
    private static final Set<KeyId> KEYS = RESOURCES.stream().map(r -> r.key().keyId()).collect(Collectors.toSet());
    private static final KeyLookup LOOKUP = new KeyLookup.Found(
            List.of(VersionBuilder.previous().build(), VersionBuilder.newest().createdDaysAgo(3).build()), true);

    @Provide
    Arbitrary<List<AuditRecord>> records() {
        return Arbitraries.oneOf(mixedVaultActivity(), busyKey());
    }

    /** Every kind of record on the registered keys, their neighbours and the vault. */
    private static Arbitrary<List<AuditRecord>> mixedVaultActivity() {
        // Times reach two hours past either end of the window, so that some records fall outside it.
        Arbitrary<Instant> time = Arbitraries.longs().between(-2 * 3600, 26 * 3600).map(Lab.AT::minusSeconds);
        Arbitrary<String> operation = Arbitraries.of("KeyUnwrap", "KeyWrap", "KeyDecrypt", "KeySign", "KeyGet",
                "Authentication");
        Arbitrary<Integer> status = Arbitraries.of(200, 202, 401, 403, 404, 429, AuditRecord.UNKNOWN_STATUS);
        Arbitrary<Caller> caller = Arbitraries.oneOf(
                Arbitraries.of(Lab.IDENTITY, SQL_IDENTITY, COSMOS_APP, Caller.NONE), strangers());
        Arbitrary<KeyId> key = Arbitraries.of(Lab.KEY, Lab.SIBLING_KEY, Lab.NAMESAKE_KEY).injectNull(0.1);
        return Combinators.combine(time, operation, status, caller, versions(), key, descriptions())
                .as((t, op, s, c, v, k, d) -> new AuditRecord(t, op, s, null, d, k == null ? Lab.VAULT : k.vaultName(),
                        k, k == null ? null : v, c))
                .list().ofMaxSize(80);
    }

    /** Many callers using, and failing to use, the lab key: findings then list more than they can show. */
    private static Arbitrary<List<AuditRecord>> busyKey() {
        Arbitrary<Instant> time = Arbitraries.longs().between(0, 24 * 3600).map(Lab.AT::minusSeconds);
        Arbitrary<Caller> caller = Arbitraries.oneOf(Arbitraries.just(Lab.IDENTITY), strangers());
        return Combinators.combine(time, Arbitraries.of("KeyUnwrap", "KeyWrap"), Arbitraries.of(200, 403), caller,
                        versions(), descriptions())
                .as((t, op, s, c, v, d) -> new AuditRecord(t, op, s, null, d, Lab.VAULT, Lab.KEY, v, c))
                .list().ofMinSize(20).ofMaxSize(120);
    }

    private static Arbitrary<Caller> strangers() {
        return Arbitraries.integers().between(10, 40)
                .map(i -> new Caller("99999999-0000-0000-0000-0000000000" + i, null, null));
    }

    private static Arbitrary<String> versions() {
        return Arbitraries.of(Lab.V_OLD, Lab.V_NEW).injectNull(0.2);
    }

    private static Arbitrary<String> descriptions() {
        return Arbitraries.integers().between(1, 12).map(i -> "reason " + i).injectNull(0.3);
    }

    @Property(tries = 200)
    void shufflingTheRecordsGivesIdenticalVerdicts(@ForAll("records") List<AuditRecord> records,
                                                   @ForAll Random random) {
        List<AuditRecord> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        assertEquals(verdicts(fold(List.of(records))), verdicts(fold(List.of(shuffled))));
    }

    @Property(tries = 200)
    void splittingTheRecordsAcrossMergedBuildersGivesIdenticalVerdicts(
            @ForAll("records") List<AuditRecord> records, @ForAll @IntRange(min = 2, max = 5) int builders,
            @ForAll Random random) {
        List<List<AuditRecord>> parts = new ArrayList<>();
        for (int i = 0; i < builders; i++) {
            parts.add(new ArrayList<>());
        }
        records.forEach(r -> parts.get(random.nextInt(builders)).add(r));
        AuditActivity merged = fold(parts);
        assertEquals(verdicts(fold(List.of(records))), verdicts(merged));
        assertEquals(records.size(), merged.inputs().records());
    }

    private static AuditActivity fold(List<List<AuditRecord>> parts) {
        AuditActivityBuilder all = new AuditActivityBuilder(Lab.WINDOW, KEYS::contains);
        for (List<AuditRecord> part : parts) {
            AuditActivityBuilder b = new AuditActivityBuilder(Lab.WINDOW, KEYS::contains);
            part.forEach(b::accept);
            all.merge(b);
        }
        return all.build();
    }

    private static List<Verdict> verdicts(AuditActivity activity) {
        VerificationService service = new VerificationService((resources, window) -> activity,
                (key, pinned) -> LOOKUP, VerificationSettings.DEFAULTS);
        return service.verify(new Registry(RESOURCES), RESOURCES, Lab.WINDOW, Lab.AT).verdicts();
    }
}
