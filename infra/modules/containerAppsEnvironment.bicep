// Where the services run: a consumption Container Apps environment whose logs go to Log Analytics, with the Aspire
// dashboard as its .NET component for the services' OpenTelemetry traces, metrics and logs.
param name string
param location string
param tags object
param logAnalyticsWorkspaceName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // Through Azure Monitor and a diagnostic setting rather than 'log-analytics', which needs the workspace's key.
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource logsToWorkspace 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'logs-to-workspace'
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

// Only preview API versions describe .NET components; this is the newest the Bicep type library knows.
resource aspireDashboard 'Microsoft.App/managedEnvironments/dotNetComponents@2026-03-02-preview' = {
  parent: environment
  name: 'aspire-dashboard'
  properties: {
    componentType: 'AspireDashboard'
  }
}

output id string = environment.id
output name string = environment.name
output defaultDomain string = environment.properties.defaultDomain
output aspireDashboardUrl string = 'https://aspire-dashboard.ext.${environment.properties.defaultDomain}'
