package com.cmkverifier.core.sources;

import com.cmkverifier.core.activity.AuditActivity;
import com.cmkverifier.core.model.ProtectedResource;
import com.cmkverifier.core.model.Window;

import java.util.List;

/**
 * Where audit activity comes from: exported files, or Log Analytics. An implementation reports what it could
 * not read as {@link com.cmkverifier.core.activity.SourceIssue}s instead of throwing, so that the affected
 * resources end INCONCLUSIVE and the rest still get verdicts.
 */
public interface AuditLogSource {

    /** Activity in {@code window} for the keys of {@code resources}, and per vault whether it logged at all. */
    AuditActivity read(List<ProtectedResource> resources, Window window);
}
