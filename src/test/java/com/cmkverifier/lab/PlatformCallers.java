package com.cmkverifier.lab;

/** Microsoft's own applications that show up in every vault's audit log (audit-logs.md, services.md). */
final class PlatformCallers {

    static final String RMS_APP_ID = "00000012-0000-0000-c000-000000000000";
    static final String RESOURCE_GRAPH_APP_ID = "509e4652-da8d-478d-a730-e9d4a1996ca4";
    static final String POLICY_INSIGHTS_APP_ID = "8cae6e77-e04e-42ce-b5cb-50d82bce26b1";

    /** Reads key metadata routinely: benign {@code KeyGet}. */
    static final CallerIdentity RESOURCE_GRAPH = CallerIdentity.application(Identifiers.guid("sp/resource-graph"),
            RESOURCE_GRAPH_APP_ID, "20.61.102.7", "Microsoft.Azure.ResourceGraph/1.0");
    /** Lists keys to evaluate policies: benign {@code KeyList}. */
    static final CallerIdentity POLICY_INSIGHTS = CallerIdentity.application(Identifiers.guid("sp/policy-insights"),
            POLICY_INSIGHTS_APP_ID, "40.74.28.9", "Microsoft.PolicyInsights/1.0");

    private PlatformCallers() {
    }
}
