// The API's own Microsoft Entra app registration and its service principal, declared with the Microsoft Graph
// Bicep extension (bicepconfig.json): the audience that App Service Authentication accepts, and the three app
// roles of spec section 13 that the app checks route by route. Callers get a role by an app role assignment
// (docs/deploy.md); the service principal requires one, so an unassigned caller gets no token for the API at all.
// Deploying it needs Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All for the deploying identity.
extension microsoftGraphV1

@description('Unique name of the registration in the tenant; also its identifier URI, api://NAME.')
param name string
param displayName string

// Stable ids: the same deployment always declares the same roles, so assignments survive a redeploy.
var roles = [
  {
    value: 'Verifications.Run'
    displayName: 'Run verifications'
    description: 'Start a verification (POST /api/verifications) and read it back.'
  }
  {
    value: 'Results.Read'
    displayName: 'Read results'
    description: 'Read verifications, sweeps, discoveries, key versions, the registry and the API description.'
  }
  {
    value: 'Registry.Write'
    displayName: 'Change the registry'
    description: 'Create, replace and delete registry entries, and start a discovery that writes them.'
  }
]

resource registration 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: name
  displayName: displayName
  signInAudience: 'AzureADMyOrg'
  identifierUris: [
    'api://${name}'
  ]
  api: {
    // v2 tokens, whose issuer is the one authsettingsV2 names (.../v2.0).
    requestedAccessTokenVersion: 2
    // For clients that sign a person in (the custom connector); what that person may do is still decided by
    // the app roles assigned to them.
    oauth2PermissionScopes: [
      {
        id: guid(name, 'user_impersonation')
        value: 'user_impersonation'
        type: 'User'
        adminConsentDisplayName: 'Call the CMK Verifier API as the signed-in user'
        adminConsentDescription: 'Lets a client call the API for the signed-in user; the app roles assigned to the user decide what it may do.'
        userConsentDisplayName: 'Call the CMK Verifier API for you'
        userConsentDescription: 'Lets the app call the CMK Verifier API for you, within the roles you were given.'
        isEnabled: true
      }
    ]
  }
  appRoles: [for role in roles: {
    id: guid(name, role.value)
    value: role.value
    displayName: role.displayName
    description: role.description
    // Users (operators, through the connector's sign-in) and applications (managed identities, pipelines).
    allowedMemberTypes: [
      'User'
      'Application'
    ]
    isEnabled: true
  }]
}

resource servicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: registration.appId
  // Least privilege: only a principal holding one of the roles can get a token for the API.
  appRoleAssignmentRequired: true
}

output clientId string = registration.appId
output audience string = 'api://${name}'
output servicePrincipalId string = servicePrincipal.id
output verificationsRunRoleId string = guid(name, 'Verifications.Run')
output resultsReadRoleId string = guid(name, 'Results.Read')
output registryWriteRoleId string = guid(name, 'Registry.Write')
