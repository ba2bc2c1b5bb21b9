// Reader for the verifier on ONE subscription, for discovery (docs/discovery.md). main.bicep scopes one instance
// per subscription in discoverySubscriptionIds.
targetScope = 'subscription'

@description('Object id of the verifier identity.')
param principalId string

// Reader: discovery reads Azure Resource Graph and, through ARM, what Resource Graph lacks (SQL encryption
// protectors, storage encryption scopes, key vault diagnostic settings). All of that is */read; Resource Graph
// silently leaves out what the caller cannot read. Reader cannot change anything, use a key, or read a secret,
// a storage key or data.
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource readConfiguration 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'cmk-verifier: discovery reads resource configuration only'
  }
}
