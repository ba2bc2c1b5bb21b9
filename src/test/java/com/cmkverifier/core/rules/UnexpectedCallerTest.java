package com.cmkverifier.core.rules;

import com.cmkverifier.core.model.Caller;
import com.cmkverifier.core.model.VerdictStatus;
import com.cmkverifier.core.testdata.Findings;
import com.cmkverifier.core.testdata.Lab;
import com.cmkverifier.core.testdata.RecordBuilder;
import com.cmkverifier.core.testdata.ResourceBuilder;
import com.cmkverifier.core.testdata.Scenario;
import com.cmkverifier.core.types.ResourceTypes;
import com.cmkverifier.core.verdict.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.cmkverifier.core.model.FindingCode.UNEXPECTED_CALLER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Another identity successfully using the key, unless the registry names it for that key. */
class UnexpectedCallerTest {

    private static final String SQL_PRINCIPAL = "33333333-3333-3333-3333-333333333333";

    @Test
    void anUnregisteredIdentityUnwrappingWithTheKeyIsAWarning() {
        Verdict v = Scenario.healthy().logs(RecordBuilder.unwrap().by(Lab.STRANGER),
                RecordBuilder.operation("KeyDecrypt").by(Lab.STRANGER)).verdict();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> callers = (List<Map<String, Object>>) Findings.finding(v, UNEXPECTED_CALLER)
                .evidence().get("callers");
        assertEquals(1, callers.size());
        assertEquals(2L, callers.get(0).get("count"));
        assertEquals(Lab.STRANGER.objectId(), callers.get(0).get("objectId"));
        assertEquals(VerdictStatus.WARNING, v.status());
    }

    @Test
    void anUnregisteredIdentityOnlyReadingTheKeyIsNotUnexpected() {
        assertFalse(Scenario.healthy().logs(RecordBuilder.operation("KeyGet").by(Lab.STRANGER)).verdict()
                .has(UNEXPECTED_CALLER));
    }

    @Test
    void anUnregisteredIdentityThatWasDeniedIsNotUnexpected() {
        assertFalse(Scenario.healthy().logs(RecordBuilder.forbidden("KeyUnwrap").by(Lab.STRANGER)).verdict()
                .has(UNEXPECTED_CALLER));
    }

    @Test
    void anotherResourceRegisteredOnTheSameKeyIsNotUnexpected() {
        Verdict v = Scenario.healthy()
                .alsoRegistered(ResourceBuilder.storage().name("sql-prod").type(ResourceTypes.SQL_SERVER)
                        .resourceId(null).principalId(SQL_PRINCIPAL))
                .logs(RecordBuilder.unwrap().by(new Caller(SQL_PRINCIPAL, null, null))).verdict();
        assertEquals(VerdictStatus.VERIFIED, v.status());
    }

    @Test
    void aResourceRegisteredOnAnotherKeyIsUnexpectedOnThisOne() {
        Verdict v = Scenario.healthy()
                .alsoRegistered(ResourceBuilder.storage().name("sql-prod").type(ResourceTypes.SQL_SERVER)
                        .key("https://" + Lab.VAULT_HOST + "/keys/sql-cmk").resourceId(null).principalId(SQL_PRINCIPAL))
                .logs(RecordBuilder.unwrap().by(new Caller(SQL_PRINCIPAL, null, null))).verdict();
        assertEquals(VerdictStatus.WARNING, v.status());
    }

    @Test
    void anAnonymousSuccessIsNotAttributedToAnyone() {
        assertFalse(Scenario.healthy().logs(RecordBuilder.unwrap().by(Caller.NONE)).verdict().has(UNEXPECTED_CALLER));
    }
}
