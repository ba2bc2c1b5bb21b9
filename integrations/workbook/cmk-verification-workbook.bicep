// Azure Workbook over the verdict history (table CmkVerification_CL, infra/app/history.bicep): the estate now,
// status over time, findings by code, key versions and their last use, drift. Deploy into the resource group of
// the workspace that holds the table:
//   az deployment group create -g <rg> --template-file integrations/workbook/cmk-verification-workbook.bicep \
//     --parameters workspaceId=<workspace resource id>
// The gallery JSON beside this file is the same workbook (Workbooks > New > Advanced editor > Gallery template);
// every query in it is one of the .kql files here, verbatim (WorkbookAndRuleTest).
@description('Resource id of the Log Analytics workspace holding CmkVerification_CL.')
param workspaceId string
param location string = resourceGroup().location
param displayName string = 'CMK verification'

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, workspaceId, 'cmk-verification-workbook')
  location: location
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: workspaceId
    serializedData: loadTextContent('cmk-verification.workbook.json')
  }
}

output workbookId string = workbook.id
