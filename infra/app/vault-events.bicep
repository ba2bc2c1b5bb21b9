// Key Vault events for ONE target vault (docs/events.md): a system topic on the vault and a subscription that
// delivers KeyNewVersionCreated, KeyNearExpiry and KeyExpired to the HandleEvent function. Deployed into the vault's
// own resource group (main.bicep scopes one instance per vault). A vault has at most one system topic: where it
// already has one, add the subscription below to it instead.
@description('Name of a Key Vault in this resource group.')
param vaultName string
@description('Resource id of the user-assigned identity the topic dead-letters with.')
param deadLetterIdentityId string
@description('Resource id of the app storage account that holds the dead-letter container.')
param storageAccountId string
param deadLetterContainerName string
@description('Resource id of the Function App.')
param functionAppId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'egst-cmkv-${vaultName}'
  location: vault.location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${deadLetterIdentityId}': {}
    }
  }
  properties: {
    source: vault.id
    topicType: 'Microsoft.KeyVault.vaults'
  }
}

resource keyEvents 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'cmkv-key-events'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    filter: {
      includedEventTypes: [
        'Microsoft.KeyVault.KeyNewVersionCreated'
        'Microsoft.KeyVault.KeyNearExpiry'
        'Microsoft.KeyVault.KeyExpired'
      ]
    }
    // AzureFunction: Event Grid reads the extension's system key through ARM itself, so no key is in this
    // template; the webhook /runtime/webhooks/eventgrid is authenticated by that key.
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/HandleEvent'
        maxEventsPerBatch: 1
      }
    }
    // Bounded: 10 tries within a day, then the dead-letter container (never retried for ever).
    retryPolicy: {
      maxDeliveryAttempts: 10
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: deadLetterIdentityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}
