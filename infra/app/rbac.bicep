// Roles of the verifier's identity on its OWN resources (this resource group). Data roles only: the identity can
// read and write the data the app keeps, never manage the account, list its keys or grant access.
param storageAccountName string
param applicationInsightsName string
@description('Object id of the verifier identity.')
param principalId string

// Storage Blob Data Owner: the Functions host creates and writes its own containers (azure-webjobs-hosts for
// timer schedule status and singleton locks, azure-webjobs-secrets for function keys) and Flex Consumption
// reads the app package from the deployment container. Microsoft documents Owner, not Contributor, as the
// role an identity-based AzureWebJobsStorage connection needs.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Storage Queue Data Contributor: the sweep fans work out through the CMKV_JOBS_QUEUE queue and run checks go
// through CMKV_RUNS_QUEUE; the app sends, the queue triggers read and delete, and the host moves poison messages
// to <queue>-poison.
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
// Storage Table Data Contributor: the registry, verification runs and sweep results are tables
// (CMKV_TABLE_PREFIX*), created, read and written by the app.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
// Monitoring Metrics Publisher: Application Insights has local (key) auth disabled, so the app's telemetry is
// accepted only with an Entra token of an identity that holds this role on the component.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

var storageRoles = [
  storageBlobDataOwner
  storageQueueDataContributor
  storageTableDataContributor
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoles: {
  name: guid(storage.id, principalId, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource telemetryAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
