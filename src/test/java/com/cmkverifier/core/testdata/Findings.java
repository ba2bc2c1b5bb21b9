package com.cmkverifier.core.testdata;

import com.cmkverifier.core.model.Finding;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.verdict.Verdict;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/** Reading verdicts in tests. */
public final class Findings {

    private Findings() {
    }

    public static Set<FindingCode> codes(Verdict v) {
        Set<FindingCode> out = EnumSet.noneOf(FindingCode.class);
        v.findings().forEach(f -> out.add(f.code()));
        return out;
    }

    /** The finding with {@code code}; fails the test, listing what was found, when there is none. */
    public static Finding finding(Verdict v, FindingCode code) {
        return v.findings().stream().filter(f -> f.code() == code).findFirst()
                .orElseGet(() -> fail("expected " + code + " but the verdict has " + codes(v)));
    }
}
