// The one identity the verifier uses for everything: host storage, telemetry, Key Vault and Log Analytics.
// User-assigned so that its role assignments exist before the app starts and survive app re-creation.
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
