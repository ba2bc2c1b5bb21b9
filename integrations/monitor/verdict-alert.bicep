// Alerts on the verifier's verdicts, deployed together:
// 1. a registered resource's latest verdict is FAILED or INCONCLUSIVE. One alert per resource (split by the
//    `resource` column); stateful, so it fires when a resource regresses and resolves itself when the next verdict
//    passes again. Its window covers two sweep intervals (nightly sweep: P2D), so a sweep that lands a few minutes
//    late never leaves a resource without a verdict in the window, which would resolve and re-fire the alert.
// 2. no verdict at all for 26 hours (verdicts-missing.kql): the nightly sweep did not run or its logs do not
//    arrive, so alert 1 would stay silent for the wrong reason.
// (3. below: key rotation follow-ups that ended.)
// With a SWEEP_SCHEDULE other than daily, keep both windows at least two sweep intervals long.
// Deploy into the verifier's resource group:
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
    // Two sweep intervals; the query's own ago(2d) says the same for a run by hand.
    windowSize: 'P2D'
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

resource verdictsMissing 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = {
  name: 'cmkv-verdicts-missing'
  location: location
  properties: {
    displayName: 'No CMK verdicts arriving (cmk-verifier)'
    description: 'cmk-verifier logged no verdict for 26 hours: the nightly sweep did not run, failed before verifying, or its logs do not reach Application Insights. Until it does, no CMK regression can be alerted.'
    severity: severity
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    // The query looks back 26 hours itself (one sweep interval and two hours' grace); the window only bounds it.
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: loadTextContent('verdicts-missing.kql')
          timeAggregation: 'Total'
          metricMeasureColumn: 'verdicts'
          operator: 'LessThan'
          threshold: 1
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

// 3. a key rotation follow-up ended (rotation-outcomes.kql, docs/events.md): SAFE_TO_DISABLE says the old version
//    may now be disabled; STALE_KEY_VERSION or INCONCLUSIVE that it must stay enabled. One alert per key version
//    and outcome; not auto-resolved, as it reports an event rather than a state.
resource rotationOutcomes 'Microsoft.Insights/scheduledQueryRules@2022-06-15' = {
  name: 'cmkv-rotation-outcomes'
  location: location
  properties: {
    displayName: 'Key rotation follow-up ended (cmk-verifier)'
    description: 'A key rotation that cmk-verifier followed after Event Grid reported a new key version has ended: SAFE_TO_DISABLE (every resource moved, the old version unused since) or STALE_KEY_VERSION / INCONCLUSIVE (keep the old version).'
    severity: severity
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: loadTextContent('rotation-outcomes.kql')
          timeAggregation: 'Count'
          dimensions: [
            {
              name: 'key'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'oldVersion'
              operator: 'Include'
              values: [
                '*'
              ]
            }
            {
              name: 'outcome'
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
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

output alertRuleId string = verdictsNotPassing.id
output heartbeatAlertRuleId string = verdictsMissing.id
output rotationAlertRuleId string = rotationOutcomes.id
