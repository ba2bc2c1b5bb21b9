// Sends ONE vault's AuditEvent log to a Log Analytics workspace. Without it there is no evidence at all and
// every verdict is INCONCLUSIVE (NO_AUDIT_LOGS). Optional (main.bicep: vaultAuditLogs): it changes the target
// vault, so the deploying principal needs Microsoft.Insights/diagnosticSettings/write on it.
@description('Name of a Key Vault in this resource group.')
param vaultName string
@description('Resource id of the Log Analytics workspace that receives the AuditEvent log.')
param workspaceId string

@description('Dedicated: resource-specific table AZKVAuditLogs. AzureDiagnostics: the legacy shared table.')
@allowed([
  'Dedicated'
  'AzureDiagnostics'
])
param destinationType string = 'Dedicated'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource auditEvents 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'cmk-verifier-audit'
  scope: vault
  properties: {
    workspaceId: workspaceId
    // null (not the string 'AzureDiagnostics') selects the legacy table.
    logAnalyticsDestinationType: destinationType == 'Dedicated' ? 'Dedicated' : null
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}
