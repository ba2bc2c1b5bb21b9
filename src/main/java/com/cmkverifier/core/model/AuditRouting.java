package com.cmkverifier.core.model;

import java.util.List;

/**
 * Where a key vault's diagnostic settings send its {@code AuditEvent} records (category {@code AuditEvent}, or
 * the groups {@code audit} / {@code allLogs}). An empty list means the settings were read and none sends them.
 */
public record AuditRouting(String vaultName, List<Destination> destinations) {

    public AuditRouting {
        destinations = List.copyOf(destinations);
    }

    /**
     * One setting's destination.
     *
     * @param workspaceResourceId the Log Analytics workspace's ARM id, or null for storage / Event Hub only
     * @param workspaceId         that workspace's GUID (its {@code customerId}) when its row was read, else null
     * @param elsewhere           a storage account or Event Hub the setting also sends to, else null
     */
    public record Destination(String setting, String workspaceResourceId, String workspaceId, String elsewhere) {
    }

    /** Whether the records reach the workspace with this GUID; null when a workspace's GUID is unknown. */
    public Boolean reaches(String workspaceGuid) {
        boolean unknown = false;
        for (Destination d : destinations) {
            if (d.workspaceId() != null && d.workspaceId().equalsIgnoreCase(workspaceGuid)) {
                return true;
            }
            unknown |= d.workspaceResourceId() != null && d.workspaceId() == null;
        }
        return unknown ? null : false;
    }
}
