// Resource writes in ONE discovery subscription (docs/events.md): a resource group for the subscription's
// system topic (a subscription has at most one; where it already has one, add the subscription in
// subscription-events-topic.bicep to it instead) and the topic itself. main.bicep scopes one instance per
// subscription in discoverySubscriptionIds.
targetScope = 'subscription'

param location string
param tags object = {}
param resourceGroupName string = 'rg-cmkv-events'
param deadLetterIdentityId string
param storageAccountId string
param deadLetterContainerName string
param functionAppId string

resource eventsGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module topic 'subscription-events-topic.bicep' = {
  name: 'cmkv-subscription-events'
  scope: eventsGroup
  params: {
    deadLetterIdentityId: deadLetterIdentityId
    storageAccountId: storageAccountId
    deadLetterContainerName: deadLetterContainerName
    functionAppId: functionAppId
  }
}
