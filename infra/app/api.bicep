// The verifier's Function App on the Flex Consumption plan (Linux, Java 17), with its app settings.
// On Flex Consumption the runtime lives in functionAppConfig.runtime, not in FUNCTIONS_WORKER_RUNTIME /
// linuxFxVersion (the platform rejects those settings), and the package comes from a blob container read with
// the app identity.
param name string
param planName string
param location string
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string
@description('Client id of that identity (AZURE_CLIENT_ID and the identity-based storage settings).')
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

// Verifier settings. Defaults are the code's defaults (see local.settings.json.example); durations ISO-8601.
@description('NCRONTAB schedule of the nightly sweep (UTC).')
param sweepSchedule string = '0 0 2 * * *'
param jobsQueue string = 'cmkv-jobs'
@description('Queue of on-demand run checks, apart from sweep shards so that a change pipeline never waits behind a sweep.')
param runsQueue string = 'cmkv-runs'
@description('How long finished runs, sweeps and discoveries are kept before the reaper deletes them.')
param retention string = 'P30D'
param tablePrefix string = 'cmkv'
@description('Path of a registry JSON file loaded into the registry table at start-up; empty = none.')
param registrySeedFile string = ''
param runTimeout string = 'PT30M'
param recheckDelay string = 'PT5M'
param window string = 'P1D'
param expiryHorizon string = 'P30D'
param rotationGrace string = 'PT24H'
param shardSize int = 200
@description('Log Analytics query endpoint; differs in sovereign clouds.')
param logsEndpoint string = 'https://api.loganalytics.azure.com/v1'
param logsQueryTimeout string = 'PT3M'
param keyVaultTimeout string = 'PT30S'
param logsBatchSize int = 200
@description('Parallel Key Vault / Log Analytics calls per instance.')
param maxConcurrency int = 8
@description('Retries of a throttled or failed Azure call before the source reports itself incomplete.')
param maxRetries int = 3
@description('Each vault\'s limit for the verifier\'s reads per 10 s: 2000 HSM RSA 2048 / EC keys, 4000 software; 1000, 500 or 250 for RSA 3072 / 4096-bit keys')
@minValue(1)
@maxValue(4000)
param vaultLimit int = 2000
@description('The share of each vault\'s limit all instances together may use, in percent')
@minValue(1)
@maxValue(50)
param vaultBudgetPercent int = 10
@description('Logs Ingestion endpoint of the verdict history (app/history.bicep); empty = no history.')
param historyEndpoint string = ''
@description('Immutable id of the verdict history\'s data collection rule.')
param historyRuleId string = ''
param historyStream string = 'Custom-CmkVerification_CL'
@description('NCRONTAB schedule of the discovery that updates the stored registry (UTC): an hour before the sweep.')
param discoverySchedule string = '0 0 1 * * *'
@description('Where discovery looks: comma-separated subscription ids, or one /providers/Microsoft.Management/managementGroups/NAME; empty = all the identity can read.')
param discoveryScope string = ''
@description('Resource Manager endpoint that discovery reads; differs in sovereign clouds.')
param armEndpoint string = 'https://management.azure.com'

// Who may call the API (spec section 13, docs/deploy.md).
@description('entra: App Service Authentication signs callers in and the app checks their app roles; function-key: one shared key, no roles.')
@allowed([
  'entra'
  'function-key'
])
param authMode string = 'entra'
@description('Application (client) id of the API registration (app/api-registration.bicep); entra mode.')
param apiClientId string = ''
@description('The API audience that tokens must carry, api://...; entra mode.')
param apiAudience string = ''
@description('Key Vault secret URI of the shared key in function-key mode (read with the app identity); empty in entra mode.')
param functionKeySecretUri string = ''

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Every setting the app reads, in one literal so that the build can compare it with the code
// (src/test/java/com/cmkverifier/infra/AppSettingsContractTest.java).
var appSettings = {
  // Identity-based host storage: the account has shared keys disabled, so there is no connection string.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The connection string only locates the component; with local auth off it cannot ingest on its own.
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  SWEEP_SCHEDULE: sweepSchedule
  CMKV_JOBS_QUEUE: jobsQueue
  CMKV_TABLE_PREFIX: tablePrefix
  CMKV_REGISTRY_SEED_FILE: registrySeedFile
  CMKV_RUN_TIMEOUT: runTimeout
  CMKV_RECHECK_DELAY: recheckDelay
  CMKV_WINDOW: window
  CMKV_EXPIRY_HORIZON: expiryHorizon
  CMKV_ROTATION_GRACE: rotationGrace
  CMKV_SHARD_SIZE: string(shardSize)
  CMKV_LOGS_ENDPOINT: logsEndpoint
  CMKV_LOGS_QUERY_TIMEOUT: logsQueryTimeout
  CMKV_KEYVAULT_TIMEOUT: keyVaultTimeout
  CMKV_LOGS_BATCH_SIZE: string(logsBatchSize)
  CMKV_MAX_CONCURRENCY: string(maxConcurrency)
  CMKV_MAX_RETRIES: string(maxRetries)
  CMKV_VAULT_LIMIT: string(vaultLimit)
  CMKV_VAULT_BUDGET_PERCENT: string(vaultBudgetPercent)
  CMKV_HISTORY_ENDPOINT: historyEndpoint
  CMKV_HISTORY_RULE_ID: historyRuleId
  CMKV_HISTORY_STREAM: historyStream
  DISCOVERY_SCHEDULE: discoverySchedule
  CMKV_DISCOVERY_SCOPE: discoveryScope
  CMKV_ARM_ENDPOINT: armEndpoint
  CMKV_RETENTION: retention
  CMKV_RUNS_QUEUE: runsQueue
  CMKV_AUTH: authMode
  // A Key Vault reference: the key itself never appears in the template or its deployment history.
  CMKV_FUNCTION_KEY: empty(functionKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${functionKeySecretUri})'
  // DefaultAzureCredential picks the user-assigned identity by this client id.
  AZURE_CLIENT_ID: identityClientId
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the service to deploy by this tag (azure.yaml: services.api).
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'java'
        version: '17'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // App Service Authentication in front of every function: an Entra token for the API's audience or 401. The
  // platform then injects X-MS-CLIENT-PRINCIPAL (and strips one a caller sends) and sets WEBSITE_AUTH_ENABLED,
  // which the app requires before it trusts the principal's roles.
  resource authentication 'config' = if (authMode == 'entra') {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: 'Return401'
      }
      httpSettings: {
        requireHttps: true
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: apiClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [
              apiAudience
            ]
          }
        }
      }
      login: {
        // The API only validates bearer tokens; it keeps none.
        tokenStore: {
          enabled: false
        }
      }
    }
  }

  // No FTP or basic-auth deployment: azd and az deploy with Entra ID.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
