// Verdict history in Log Analytics (optional, main.bicep parameter verdictHistory): the custom table
// CmkVerification_CL in the verifier's workspace, a data collection endpoint and rule that accept the app's rows
// through the Logs Ingestion API, and Monitoring Metrics Publisher for the app identity on that rule only.
param location string
param tags object = {}
@description('Name of the verifier\'s own Log Analytics workspace (core/monitor/monitoring.bicep).')
param workspaceName string
param endpointName string
param ruleName string
@description('Object id of the verifier identity.')
param principalId string
@description('Days the verdict history is kept (interactive retention).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 365

var tableName = 'CmkVerification_CL'
var streamName = 'Custom-${tableName}'
// One column list for the table, the stream and the tests (FakeLogsIngestion checks rows against it).
var columns = loadJsonContent('history-columns.json', '$.columns')
// Monitoring Metrics Publisher: the Logs Ingestion API accepts rows only from an identity holding it on the rule.
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource table 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = {
  parent: workspace
  name: tableName
  properties: {
    plan: 'Analytics'
    retentionInDays: retentionInDays
    totalRetentionInDays: retentionInDays
    schema: {
      name: tableName
      description: 'cmk-verifier: one row per final verdict (run or sweep)'
      columns: columns
    }
  }
}

resource endpoint 'Microsoft.Insights/dataCollectionEndpoints@2023-03-11' = {
  name: endpointName
  location: location
  tags: tags
  properties: {
    networkAcls: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

resource rule 'Microsoft.Insights/dataCollectionRules@2023-03-11' = {
  name: ruleName
  location: location
  tags: tags
  // The stream's output table must exist before the rule names it.
  dependsOn: [
    table
  ]
  properties: {
    dataCollectionEndpointId: endpoint.id
    streamDeclarations: {
      '${streamName}': {
        columns: [for c in columns: {
          name: c.name
          type: c.type
        }]
      }
    }
    destinations: {
      logAnalytics: [
        {
          name: 'verifierWorkspace'
          workspaceResourceId: workspace.id
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          streamName
        ]
        destinations: [
          'verifierWorkspace'
        ]
        transformKql: 'source'
        outputStream: streamName
      }
    ]
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(rule.id, principalId, monitoringMetricsPublisher)
  scope: rule
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Names and ids only: the endpoint URL and the rule's immutable id are not secrets (access needs the role).
output logsIngestionEndpoint string = endpoint.properties.logsIngestion.endpoint
output ruleImmutableId string = rule.properties.immutableId
output streamName string = streamName
output tableName string = tableName
