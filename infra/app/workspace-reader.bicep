// Read access for the verifier on ONE Log Analytics workspace that receives Key Vault AuditEvent logs.
// Deployed into the workspace's own resource group, possibly in another subscription.
@description('Name of a Log Analytics workspace in this resource group.')
param workspaceName string
@description('Object id of the verifier identity.')
param principalId string

@allowed([
  'Log Analytics Reader'
  'Log Analytics Data Reader'
])
param roleName string = 'Log Analytics Reader'

var workspaceRoles = {
  // Log Analytics Reader: run queries over the workspace's data and read its settings; no writes, no keys.
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893'
  // Log Analytics Data Reader: run queries over the workspace's data only (narrower, newer role).
  'Log Analytics Data Reader': '3b03c2da-16b3-4a49-8834-0f8130efdd3b'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource queryAuditLogs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, workspaceRoles[roleName])
  scope: workspace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', workspaceRoles[roleName])
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'cmk-verifier: query Key Vault audit logs'
  }
}
