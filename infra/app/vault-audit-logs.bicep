// Sends ONE vault's AuditEvent log to a Log Analytics workspace. Without it there is no evidence at all and
// every verdict is INCONCLUSIVE (NO_AUDIT_LOGS). Optional (main.bicep: vaultAuditLogs): it changes the target
// vault, so the deploying principal needs Microsoft.Insights/diagnosticSettings/write on it.
//
// Azure refuses a second diagnostic setting that sends the same category to the same workspace ("Data sink
// ... is already used in diagnostic setting ..."). A vault that already logs AuditEvent to that workspace needs
// nothing: find it with
//   az monitor diagnostic-settings list --resource <vault id> --query "[?workspaceId!=null].{name:name, workspace:workspaceId, logs:logs[?enabled].[category, categoryGroup]}"
// (the category group allLogs or audit also includes AuditEvent) and set alreadyLogged (main.bicep) or
// deploySetting (here) to skip it. Redeploying over this module's own setting is fine: same name, updated in place.
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

@description('false: the vault already sends AuditEvent to this workspace through another diagnostic setting, so deploy nothing.')
param deploySetting bool = true

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource auditEvents 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (deploySetting) {
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
