// Where Event Grid puts the events it could not deliver (docs/events.md): one blob container in the app's own
// storage, written by a dedicated identity that every event subscription dead-letters with. Event Grid
// dead-letters after the subscription's last retry, or at once on a 400/413 answer (learn.microsoft.com
// azure/event-grid/delivery-and-retry). The storage refuses shared keys, so the writer must be an identity.
param storageAccountName string
param containerName string = 'event-deadletter'
@description('Object id of the identity the system topics dead-letter with.')
param principalId string

// Storage Blob Data Contributor, on this one container only: Event Grid writes a blob per undelivered event. It
// cannot read or write any other container, the app's tables or queues, or manage the account.
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' = {
      name: containerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

resource writeDeadLetters 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::container.id, principalId, storageBlobDataContributor)
  scope: storage::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'cmk-verifier: Event Grid dead-letters undelivered events here'
  }
}

output containerName string = containerName
