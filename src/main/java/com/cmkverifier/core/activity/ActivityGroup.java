package com.cmkverifier.core.activity;

import com.cmkverifier.core.model.Caller;

import java.time.Instant;

/**
 * Audit records of one key aggregated by version, caller, operation, status and description: the shape both
 * the offline reader and the server-side KQL summary produce, so memory grows with distinct groups, not rows.
 */
public record ActivityGroup(String version, Caller caller, String operation, int httpStatus,
                            String resultDescription, long count, Instant first, Instant last) {

    /** 2xx. A record without a status is neither a success nor a failure. */
    public boolean isSuccess() {
        return httpStatus >= 200 && httpStatus < 300;
    }

    /**
     * Status 300 or more. {@code ResultType} is not consulted: it reads Success on 403s. A 401 on
     * {@code Authentication} is the normal bearer challenge and is not a failure.
     */
    public boolean isFailure() {
        return httpStatus >= 300 && !(httpStatus == 401 && "Authentication".equalsIgnoreCase(operation));
    }
}
