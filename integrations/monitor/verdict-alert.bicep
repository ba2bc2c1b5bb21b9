// Alert: a registered resource's latest verdict is FAILED or INCONCLUSIVE. One alert per resource (split by the
// `resource` column); stateful, so it fires when a resource regresses and resolves itself when the next verdict
// passes again. Deploy into the verifier's resource group:
//   az deployment group create -g <rg> -f integrations/monitor/verdict-alert.bicep \
//     -p applicationInsightsName=<appi-...> actionGroupId=<action group resource id>
param location string = resourceGroup().location

@description('Name of the verifier\'s Application Insights component (output APPLICATIONINSIGHTS_NAME of infra/main.bicep).')
param applicationInsightsName string

@description('Resource id of the action group that notifies people (mail, Teams, ITSM).')
param actionGroupId string

@allowed([0, 1, 2, 3, 4])
param severity int = 1

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource verdictsNotPassing 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = {
  name: 'cmkv-verdict-not-passing'
  location: location
  properties: {
    displayName: 'CMK use not proven (cmk-verifier)'
    description: 'The latest cmk-verifier verdict of a resource is FAILED or INCONCLUSIVE: its customer-managed key is failing, about to break, or its use cannot be proven.'
    severity: severity
    enabled: true
    scopes: [
      appInsights.id
    ]
    // The nightly sweep lands once a day; on-demand verifications any time. Hourly keeps both within an hour.
    evaluationFrequency: 'PT1H'
    windowSize: 'P1D'
    criteria: {
      allOf: [
        {
          query: loadTextContent('verdicts-not-passing.kql')
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'resource'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

output alertRuleId string = verdictsNotPassing.id
