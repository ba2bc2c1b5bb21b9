package com.cmkverifier.core.testdata;

import com.cmkverifier.core.activity.SourceIssue;
import com.cmkverifier.core.model.FindingCode;
import com.cmkverifier.core.model.KeyLookup;

import java.time.Duration;

/** For each finding code, the smallest departure from the healthy lab that should make it fire. */
public final class Triggers {

    private Triggers() {
    }

    public static Scenario scenarioFor(FindingCode code) {
        return switch (code) {
            case KEY_USE_CONFIRMED -> Scenario.healthy();
            case KEY_USE_FAILING -> Scenario.healthy().logs(RecordBuilder.forbidden("KeyUnwrap").hoursAgo(0));
            case KEY_USE_RECOVERED -> Scenario.healthy().logs(RecordBuilder.forbidden("KeyUnwrap").hoursAgo(2));
            case NO_KEY_USE -> Scenario.of(ResourceBuilder.storage()).logs(RecordBuilder.operation("KeyGet"));
            case NO_AUDIT_LOGS -> Scenario.of(ResourceBuilder.storage());
            case SOURCE_INCOMPLETE -> Scenario.healthy().issue(SourceIssue.everywhere("logs", "query timed out"));
            case KEY_NOT_FOUND -> Scenario.healthy().lookup(new KeyLookup.NotFound("404 KeyNotFound"));
            case KEY_DISABLED -> Scenario.healthy().versions(VersionBuilder.newest().disabled().build());
            case KEY_NOT_YET_VALID -> Scenario.healthy().versions(
                    VersionBuilder.newest().notBefore(Lab.AT.plus(Duration.ofDays(1))).build());
            case KEY_EXPIRED -> Scenario.healthy().versions(
                    VersionBuilder.newest().expires(Lab.AT.minus(Duration.ofDays(1))).build());
            case KEY_EXPIRING -> Scenario.healthy().versions(
                    VersionBuilder.newest().expires(Lab.AT.plus(Duration.ofDays(10))).build());
            case KEY_OPERATIONS_MISSING -> Scenario.healthy().versions(
                    VersionBuilder.newest().ops("wrapKey", "encrypt").build());
            case KEY_TYPE_UNSUPPORTED -> Scenario.healthy().versions(VersionBuilder.newest().type("EC", null).build());
            case PURGE_PROTECTION_OFF -> Scenario.healthy().versions(
                    VersionBuilder.newest().recoveryLevel("Recoverable+Purgeable").build());
            case PINNED_VERSION_OUTDATED -> Scenario.of(ResourceBuilder.storage().pinned(Lab.V_OLD))
                    .logs(RecordBuilder.unwrap().version(Lab.V_OLD))
                    .versions(VersionBuilder.previous().build(), VersionBuilder.newest().build());
            case STALE_KEY_VERSION -> Scenario.of(ResourceBuilder.storage())
                    .logs(RecordBuilder.unwrap().version(Lab.V_OLD))
                    .versions(VersionBuilder.previous().build(), VersionBuilder.newest().build());
            case UNEXPECTED_CALLER -> Scenario.healthy().logs(RecordBuilder.unwrap().by(Lab.STRANGER));
            case CMK_NOT_CONFIGURED -> Scenario.healthy().configuration(Configured.storage().microsoftManaged().build());
            case KEY_MISMATCH -> Scenario.healthy().configuration(
                    Configured.storage().key("https://kv-cmk-prod.vault.azure.net/keys/other-cmk").build());
            case IDENTITY_MISMATCH -> Scenario.healthy().configuration(
                    Configured.storage().principal(Lab.STRANGER.objectId()).build());
            case IDENTITY_SHARED -> Scenario.healthy().configuration(Configured.storage().sharedWith(
                    Lab.RESOURCE_ID.replace("stcmkdata", "stcmkcopy")).build());
            case KEY_ACCESS_LOST -> Scenario.healthy().configuration(Configured.storage().keyStatus("Invalid").build());
            case AUDIT_LOGS_NOT_ROUTED -> Scenario.healthy().configuration(Configured.storage().auditNowhere().build());
            case RESOURCE_NOT_FOUND -> Scenario.healthy().configuration(Configured.storage().gone().build());
            case PROBE_DEPENDENCY_PROVEN, PROBE_NO_EFFECT, PROBE_NOT_RECOVERED, PROBE_INCONCLUSIVE ->
                    throw new IllegalArgumentException(code + " is a probe outcome, not a verification finding");
        };
    }
}
