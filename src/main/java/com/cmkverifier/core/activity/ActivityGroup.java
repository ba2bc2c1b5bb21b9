package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;

import java.time.Instant;

/**
 * Audit records of one key aggregated by version, caller, operation, status and description: the shape both
 * the offline reader and the server-side KQL summary produce, so memory grows with distinct groups, not rows.
 */
public record ActivityGroup(String version, Caller caller, String operation, int httpStatus,
                            String resultDescription, long count, Instant first, Instant last) {

    public boolean isSuccess() {
        return httpStatus >= 200 && httpStatus < 300;
    }

    public boolean isFailure() {
        return httpStatus >= 300 && !(httpStatus == 401 && "Authentication".equalsIgnoreCase(operation));
    }
}
