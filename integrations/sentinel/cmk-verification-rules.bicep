// Microsoft Sentinel scheduled analytics rules over the verdict history (table CmkVerification_CL): a resource
// turns FAILED; a registered resource's verdict goes missing. Deploy into the resource group of the Sentinel
// workspace that holds the table (the deploying principal needs Microsoft Sentinel Contributor there):
//   az deployment group create -g <rg> --template-file integrations/sentinel/cmk-verification-rules.bicep \
//     --parameters workspaceName=<workspace>
// The queries are the .kql files beside this file, loaded verbatim.
@description('Name of the Sentinel-enabled Log Analytics workspace holding CmkVerification_CL.')
param workspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource resourceFailed 'Microsoft.SecurityInsights/alertRules@2023-02-01' = {
  scope: workspace
  name: guid(workspace.id, 'cmkv-resource-failed')
  kind: 'Scheduled'
  properties: {
    displayName: 'CMK verification: a resource turned FAILED'
    description: 'cmk-verifier found that a resource can no longer use its customer-managed key (disabled, deleted or unreachable key, failing unwrap). Its data may become unavailable. See the finding codes and the verdict in CmkVerification_CL.'
    severity: 'High'
    enabled: true
    query: loadTextContent('resource-failed.kql')
    queryFrequency: 'PT1H'
    queryPeriod: 'P14D'
    triggerOperator: 'GreaterThan'
    triggerThreshold: 0
    suppressionDuration: 'PT5H'
    suppressionEnabled: false
    tactics: [
      'Impact'
    ]
    eventGroupingSettings: {
      aggregationKind: 'AlertPerResult'
    }
    alertDetailsOverride: {
      alertDisplayNameFormat: 'CMK verification FAILED: {{Resource}}'
      alertDescriptionFormat: 'Findings: {{FindingCodes}}; key {{KeyUrl}}'
    }
    customDetails: {
      Findings: 'FindingCodes'
      Key: 'KeyUrl'
      VerdictId: 'VerdictId'
    }
    entityMappings: [
      {
        entityType: 'AzureResource'
        fieldMappings: [
          {
            identifier: 'ResourceId'
            columnName: 'ResourceId'
          }
        ]
      }
    ]
  }
}

resource verdictMissing 'Microsoft.SecurityInsights/alertRules@2023-02-01' = {
  scope: workspace
  name: guid(workspace.id, 'cmkv-verdict-missing')
  kind: 'Scheduled'
  properties: {
    displayName: 'CMK verification: a verdict is missing'
    description: 'A resource that cmk-verifier verified in the last 14 days has had no verdict for 2 days, though the nightly sweep writes one per registered resource daily: the sweep stopped, the app fails, or the resource left the registry.'
    severity: 'Medium'
    enabled: true
    query: loadTextContent('verdict-missing.kql')
    queryFrequency: 'P1D'
    queryPeriod: 'P14D'
    triggerOperator: 'GreaterThan'
    triggerThreshold: 0
    suppressionDuration: 'P1D'
    suppressionEnabled: false
    tactics: [
      'DefenseEvasion'
    ]
    eventGroupingSettings: {
      aggregationKind: 'AlertPerResult'
    }
    alertDetailsOverride: {
      alertDisplayNameFormat: 'CMK verification missing for {{Resource}}'
    }
    customDetails: {
      LastStatus: 'LastStatus'
      Key: 'KeyUrl'
    }
    entityMappings: [
      {
        entityType: 'AzureResource'
        fieldMappings: [
          {
            identifier: 'ResourceId'
            columnName: 'ResourceId'
          }
        ]
      }
    ]
  }
}
