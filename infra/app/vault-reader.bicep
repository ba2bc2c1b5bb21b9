// Key Vault Reader for the verifier on ONE target vault. Deployed into the vault's own resource group, which
// may sit in another subscription (main.bicep scopes one instance per vault).
@description('Name of a Key Vault (RBAC permission model) in this resource group.')
param vaultName string
@description('Object id of the verifier identity.')
param principalId string

// Key Vault Reader: reads key metadata (attributes, version list), which is all the key rules
// need. It cannot use a key (no wrap/unwrap/sign: those are the Crypto roles), read a secret's value, or change
// the vault or its access.
var keyVaultReader = '21090545-7ca7-4776-b22c-e363652d74d2'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource readKeyMetadata 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultReader)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'cmk-verifier: read key metadata only'
  }
}
