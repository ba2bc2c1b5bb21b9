// Deploys verify-after-change.workflow.json as a Consumption Logic App with every workflow parameter supplied,
// so that it runs the first time (docs/integrations.md). The Logic App calls the verifier with its own managed
// identity, which this deployment creates and grants the API's app role Verifications.Run (Microsoft Graph Bicep
// extension, bicepconfig.json): no key to keep. Secrets come in as secure parameters: give them from Key Vault
// with a reference in the parameters file (verify-after-change.parameters.example.json), never inline.
extension microsoftGraphV1

@description('Region of the Logic App.')
param location string = resourceGroup().location

@description('Name of the Logic App.')
param workflowName string = 'la-cmkv-verify-after-change'

@description('https:// address of the cmk-verifier Function App (deployment output SERVICE_API_URI), no trailing slash.')
param verifierBaseUrl string

@description('The verifier API\'s audience (deployment output API_AUDIENCE), api://...')
param verifierAudience string

@description('Object id of the verifier API\'s service principal (deployment output API_SERVICE_PRINCIPAL_ID).')
param verifierServicePrincipalId string

@description('Id of the API\'s app role Verifications.Run (deployment output API_ROLE_VERIFICATIONS_RUN).')
param verificationsRunRoleId string

@secure()
@description('URL of the Teams Workflows webhook ("Post to a channel when a webhook request is received"). From Key Vault.')
param teamsWebhookUrl string

@description('Change / incident API of your ITSM tool.')
param changeApiUrl string

@description('How long the verifier keeps re-checking for evidence, in minutes (the API accepts 1 to 360).')
@minValue(1)
@maxValue(360)
param verificationTimeoutMinutes int = 30

var definition = loadJsonContent('verify-after-change.workflow.json')

// The HTTP action must outlive the verification: the verifier answers 200 with its last verdict at its own
// timeout, and the margin covers a poll interval, retries and the queue's re-check delay.
var actionTimeout = 'PT${verificationTimeoutMinutes + 30}M'
var verifyAction = union(definition.actions.Verify_CMK_use, { limit: { timeout: actionTimeout } })

resource workflow 'Microsoft.Logic/workflows@2019-05-01' = {
  name: workflowName
  location: location
  // The identity the HTTP action authenticates with (authentication.type ManagedServiceIdentity).
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    state: 'Enabled'
    definition: union(definition, { actions: union(definition.actions, { Verify_CMK_use: verifyAction }) })
    parameters: {
      verifierBaseUrl: {
        value: verifierBaseUrl
      }
      verifierAudience: {
        value: verifierAudience
      }
      verificationTimeout: {
        value: 'PT${verificationTimeoutMinutes}M'
      }
      teamsWebhookUrl: {
        value: teamsWebhookUrl
      }
      changeApiUrl: {
        value: changeApiUrl
      }
    }
  }
}

// Least privilege: the Logic App may start and read verifications, nothing else (spec section 13).
resource mayRunVerifications 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  principalId: workflow.identity.principalId
  resourceId: verifierServicePrincipalId
  appRoleId: verificationsRunRoleId
}

// The trigger's URL carries a SAS signature: read it with `az rest` (docs/integrations.md), not as an output.
output workflowId string = workflow.id
