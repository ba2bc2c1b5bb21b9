// The subscription's system topic and the event subscription that delivers successful writes on CMK-capable
// resource types (services.md; ResourceTypes.isCmkCapable, a test keeps the two lists equal) to HandleEvent.
// learn.microsoft.com azure/event-grid/event-schema-subscriptions: the event's data.operationName is
// '<type>/write'; GET and data-plane operations raise no event.
param deadLetterIdentityId string
param storageAccountId string
param deadLetterContainerName string
param functionAppId string

var cmkCapableWrites = [
  'Microsoft.Storage/storageAccounts/write'
  'Microsoft.Compute/diskEncryptionSets/write'
  'Microsoft.Sql/servers/write'
  'Microsoft.Sql/managedInstances/write'
  'Microsoft.DBforMySQL/flexibleServers/write'
  'Microsoft.DBforPostgreSQL/flexibleServers/write'
  'Microsoft.DocumentDB/databaseAccounts/write'
  'Microsoft.OperationalInsights/clusters/write'
  'Microsoft.ServiceBus/namespaces/write'
  'Microsoft.EventHub/namespaces/write'
  'Microsoft.Kusto/clusters/write'
  'Microsoft.ContainerService/managedClusters/write'
  'Microsoft.RecoveryServices/vaults/write'
  'Microsoft.DataFactory/factories/write'
  'Microsoft.Synapse/workspaces/write'
]

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'egst-cmkv-${subscription().subscriptionId}'
  location: 'global'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${deadLetterIdentityId}': {}
    }
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource resourceWrites 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'cmkv-resource-writes'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
      ]
      // At most 25 values per advanced filter (Event Grid limits); 15 here (the Information Protection tenant key
      // is no ARM resource and raises no write).
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: cmkCapableWrites
        }
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
