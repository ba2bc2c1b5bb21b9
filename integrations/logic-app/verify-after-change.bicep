// Deploys verify-after-change.workflow.json as a Consumption Logic App with every workflow parameter supplied,
// so that it runs the first time (docs/integrations.md). Secrets come in as secure parameters: give them from
// Key Vault with a reference in the parameters file (verify-after-change.parameters.example.json), never inline.
@description('Region of the Logic App.')
param location string = resourceGroup().location

@description('Name of the Logic App.')
param workflowName string = 'la-cmkv-verify-after-change'

@description('https:// address of the cmk-verifier Function App (deployment output SERVICE_API_URI), no trailing slash.')
param verifierBaseUrl string

@secure()
@description('A function key of the verifier (a named key of its own, e.g. logic-app). From Key Vault.')
param verifierFunctionKey string

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
  properties: {
    state: 'Enabled'
    definition: union(definition, { actions: union(definition.actions, { Verify_CMK_use: verifyAction }) })
    parameters: {
      verifierBaseUrl: {
        value: verifierBaseUrl
      }
      verifierFunctionKey: {
        value: verifierFunctionKey
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

// The trigger's URL carries a SAS signature: read it with `az rest` (docs/integrations.md), not as an output.
output workflowId string = workflow.id
