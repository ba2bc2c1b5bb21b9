// Reader for the verifier on a management group, so that subscriptions added later are covered (docs/discovery.md).
// A subscription-scoped deployment (main.bicep) cannot assign at a management group; deploy this one on its own:
//   az deployment mg create -m <group> -l <location> -f infra/app/discovery-reader-mg.bicep -p principalId=<id>
targetScope = 'managementGroup'

@description('Object id of the verifier identity (main.bicep output VERIFIER_IDENTITY_PRINCIPAL_ID).')
param principalId string

// Reader: discovery reads Azure Resource Graph and, through ARM, what Resource Graph lacks. All of that is
// */read; Reader cannot change anything, use a key, or read a secret, a storage key or data.
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource readConfiguration 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, principalId, reader)
  properties: {
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'cmk-verifier: discovery reads resource configuration only'
  }
}
