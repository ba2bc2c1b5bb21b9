// cmk-verifier: one-command deployment (azd up, or az deployment sub create).
// Creates the verifier (Flex Consumption Function App, its storage, telemetry and one user-assigned identity) in
// its own resource group, and grants that identity read-only access to the target Key Vaults and audit-log
// workspaces, wherever they live. Nothing here can use or manage a key.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the names of every resource.')
param environmentName string

@minLength(1)
@description('Region of the verifier; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group to create for the verifier; default rg-<environmentName>.')
param resourceGroupName string = ''

@description('Resource ids of the Key Vaults (RBAC permission model) whose keys the verifier checks; any subscription. Key Vault Reader on each.')
param keyVaultIds string[] = []

@description('Resource ids of the Log Analytics workspaces that receive those vaults\' AuditEvent logs; any subscription. Read-only role on each.')
param auditWorkspaceIds string[] = []

@description('Role granted on each audit workspace.')
@allowed([
  'Log Analytics Reader'
  'Log Analytics Data Reader'
])
param auditWorkspaceRole string = 'Log Analytics Reader'

@description('Subscription ids where discovery finds CMK resources (Resource Graph, ARM reads). Reader on each; for a management group see app/discovery-reader-mg.bicep.')
param discoverySubscriptionIds string[] = []
@description('Optional: the management group where the app discovers instead (CMKV_DISCOVERY_SCOPE); give it Reader there with app/discovery-reader-mg.bicep.')
param discoveryManagementGroup string = ''

@description('A vault whose AuditEvent log this deployment should send to a workspace.')
type vaultAuditLog = {
  @description('Resource id of the Key Vault.')
  vaultId: string
  @description('Resource id of the Log Analytics workspace that receives its AuditEvent log.')
  workspaceId: string
  @description('Dedicated = resource-specific AZKVAuditLogs table; AzureDiagnostics = legacy shared table.')
  destinationType: 'Dedicated' | 'AzureDiagnostics'
  @description('true when the vault already sends AuditEvent to this workspace (Azure refuses a duplicate setting): nothing is deployed for it.')
  alreadyLogged: bool?
}

@description('Optional: turn on AuditEvent diagnostic settings on these vaults. Empty by default because it changes the target vaults.')
param vaultAuditLogs vaultAuditLog[] = []

@description('NCRONTAB schedule of the nightly sweep (UTC).')
param sweepSchedule string = '0 0 2 * * *'
@description('How long an on-demand verification keeps re-checking for evidence (ISO-8601 duration).')
param runTimeout string = 'PT30M'
@description('Default evidence window (ISO-8601 duration).')
param window string = 'P1D'
@description('KEY_EXPIRING horizon (ISO-8601 duration).')
param expiryHorizon string = 'P30D'
@description('STALE_KEY_VERSION grace after a rotation (ISO-8601 duration).')
param rotationGrace string = 'PT24H'
@description('Log Analytics query endpoint; change it in sovereign clouds.')
param logsEndpoint string = 'https://api.loganalytics.azure.com/v1'
@description('Upper bound of Flex Consumption instances for the sweep fan-out.')
param maximumInstanceCount int = 40
@description('Optional: keep every final verdict in the custom table CmkVerification_CL of the verifier\'s workspace (data collection endpoint and rule, Logs Ingestion API).')
param verdictHistory bool = false
@description('Optional: Event Grid system topics on keyVaultIds (new key versions, expiring keys) and on discoverySubscriptionIds (writes on CMK-capable types), delivered to the HandleEvent function, undelivered events dead-lettered to a blob container (docs/events.md).')
param events bool = false

@description('Who may call the API: entra (sign-in and app roles, the default) or function-key (one shared key, no roles; docs/deploy.md).')
@allowed([
  'entra'
  'function-key'
])
param authMode string = 'entra'
@description('function-key mode only: Key Vault secret URI of the shared key.')
param functionKeySecretUri string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'cmk-verifier'
}
var functionAppName = 'func-cmkv-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/security/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-cmkv-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stcmkv${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-cmkv-${resourceToken}'
    applicationInsightsName: 'appi-cmkv-${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: identity.outputs.principalId
  }
}

module history 'app/history.bicep' = if (verdictHistory) {
  name: 'history'
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: 'log-cmkv-${resourceToken}'
    endpointName: 'dce-cmkv-${resourceToken}'
    ruleName: 'dcr-cmkv-${resourceToken}'
    principalId: identity.outputs.principalId
  }
  dependsOn: [
    monitoring
  ]
}

// The API's Entra registration with its app roles; the deployment creates it (Microsoft Graph Bicep extension).
module apiRegistration 'app/api-registration.bicep' = if (authMode == 'entra') {
  name: 'api-registration'
  scope: rg
  params: {
    name: 'cmk-verifier-${resourceToken}'
    displayName: 'CMK Verifier API (${environmentName})'
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The host starts right after creation and needs its storage roles first.
  dependsOn: [
    rbac
  ]
  params: {
    name: functionAppName
    planName: 'plan-cmkv-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    sweepSchedule: sweepSchedule
    runTimeout: runTimeout
    window: window
    expiryHorizon: expiryHorizon
    rotationGrace: rotationGrace
    logsEndpoint: logsEndpoint
    historyEndpoint: verdictHistory ? history.outputs.logsIngestionEndpoint : ''
    historyRuleId: verdictHistory ? history.outputs.ruleImmutableId : ''
    // Discovery reads exactly where the app was made Reader.
    discoveryScope: empty(discoveryManagementGroup) ? join(discoverySubscriptionIds, ',') : '/providers/Microsoft.Management/managementGroups/${discoveryManagementGroup}'
    authMode: authMode
    apiClientId: authMode == 'entra' ? apiRegistration.outputs.clientId : ''
    apiAudience: authMode == 'entra' ? apiRegistration.outputs.audience : ''
    functionKeySecretUri: functionKeySecretUri
  }
}

// Event Grid (docs/events.md): one identity that only writes the dead-letter container, attached to every topic.
module eventsIdentity 'core/security/user-assigned-identity.bicep' = if (events) {
  name: 'events-identity'
  scope: rg
  params: {
    name: 'id-cmkv-events-${resourceToken}'
    location: location
    tags: tags
  }
}

module eventsDeadLetter 'app/events-deadletter.bicep' = if (events) {
  name: 'events-deadletter'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: events ? eventsIdentity.outputs.principalId : ''
  }
}

// A resource id reads /subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}:
// segments 2 and 4 give the scope of each per-target module, the last one the name.
module vaultReaders 'app/vault-reader.bicep' = [for vaultId in keyVaultIds: {
  name: 'cmkv-vault-reader-${uniqueString(vaultId)}'
  scope: resourceGroup(split(vaultId, '/')[2], split(vaultId, '/')[4])
  params: {
    vaultName: last(split(vaultId, '/'))
    principalId: identity.outputs.principalId
  }
}]

module workspaceReaders 'app/workspace-reader.bicep' = [for workspaceId in auditWorkspaceIds: {
  name: 'cmkv-workspace-reader-${uniqueString(workspaceId)}'
  scope: resourceGroup(split(workspaceId, '/')[2], split(workspaceId, '/')[4])
  params: {
    workspaceName: last(split(workspaceId, '/'))
    principalId: identity.outputs.principalId
    roleName: auditWorkspaceRole
  }
}]

module discoveryReaders 'app/discovery-reader.bicep' = [for subscriptionId in discoverySubscriptionIds: {
  name: 'cmkv-discovery-reader-${uniqueString(subscriptionId)}'
  scope: subscription(subscriptionId)
  params: {
    principalId: identity.outputs.principalId
  }
}]

module vaultAudit 'app/vault-audit-logs.bicep' = [for target in vaultAuditLogs: {
  name: 'cmkv-vault-audit-${uniqueString(target.vaultId)}'
  scope: resourceGroup(split(target.vaultId, '/')[2], split(target.vaultId, '/')[4])
  params: {
    vaultName: last(split(target.vaultId, '/'))
    workspaceId: target.workspaceId
    destinationType: target.destinationType
    deploySetting: !(target.?alreadyLogged ?? false)
  }
}]

module vaultEvents 'app/vault-events.bicep' = [for vaultId in keyVaultIds: if (events) {
  name: 'cmkv-vault-events-${uniqueString(vaultId)}'
  scope: resourceGroup(split(vaultId, '/')[2], split(vaultId, '/')[4])
  params: {
    vaultName: last(split(vaultId, '/'))
    deadLetterIdentityId: events ? eventsIdentity.outputs.id : ''
    storageAccountId: storage.outputs.id
    deadLetterContainerName: events ? eventsDeadLetter.outputs.containerName : ''
    functionAppId: '${rg.id}/providers/Microsoft.Web/sites/${api.outputs.name}'
  }
}]

module subscriptionEvents 'app/subscription-events.bicep' = [for subscriptionId in discoverySubscriptionIds: if (events) {
  name: 'cmkv-subscription-events-${uniqueString(subscriptionId)}'
  scope: subscription(subscriptionId)
  params: {
    location: location
    tags: tags
    deadLetterIdentityId: events ? eventsIdentity.outputs.id : ''
    storageAccountId: storage.outputs.id
    deadLetterContainerName: events ? eventsDeadLetter.outputs.containerName : ''
    functionAppId: '${rg.id}/providers/Microsoft.Web/sites/${api.outputs.name}'
  }
}]

// Names and ids only; no key, secret or connection string leaves the deployment.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output VERIFIER_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output VERIFIER_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
// What callers need to be granted a role and to ask for a token (docs/deploy.md, docs/integrations.md).
output API_AUDIENCE string = authMode == 'entra' ? apiRegistration.outputs.audience : ''
output API_CLIENT_ID string = authMode == 'entra' ? apiRegistration.outputs.clientId : ''
output API_SERVICE_PRINCIPAL_ID string = authMode == 'entra' ? apiRegistration.outputs.servicePrincipalId : ''
output API_ROLE_VERIFICATIONS_RUN string = authMode == 'entra' ? apiRegistration.outputs.verificationsRunRoleId : ''
output API_ROLE_RESULTS_READ string = authMode == 'entra' ? apiRegistration.outputs.resultsReadRoleId : ''
output API_ROLE_REGISTRY_WRITE string = authMode == 'entra' ? apiRegistration.outputs.registryWriteRoleId : ''
