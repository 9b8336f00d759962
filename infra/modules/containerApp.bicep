// One service as a container app: runs as the managed identity, pulls from the registry with it, takes its settings
// as plain environment variables (nothing in them is a secret), and probes the service's /alive and /health.
param name string
param location string
param tags object

@description('The service name in azure.yaml: azd finds the app by this tag when it deploys a new image.')
param serviceName string
param environmentId string
param identityId string
param registryServer string

@description('Whether the app exists already: azd deploys images, so provisioning again must keep the current one.')
param exists bool

@description('Serve HTTP from the internet (api, web); a worker has no ingress at all.')
param externalIngress bool

param env {
  name: string
  value: string
}[]

param cpu string
param memory string
param minReplicas int
param maxReplicas int

@description('Container Apps scale rules (http, custom cpu, ...); none keeps the replica count at minReplicas.')
param scaleRules array = []

// ASP.NET Core images listen on 8080 unless told otherwise, and the projects publish with ContainerPort 8080.
var port = 8080

// Shown until azd deploys the service's own image.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource current 'Microsoft.App/containerApps@2025-07-01' existing = if (exists) {
  name: name
}

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: externalIngress
        ? {
            external: true
            targetPort: port
            transport: 'auto'
            allowInsecure: false
          }
        : null
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: serviceName
          image: exists ? current!.properties.template.containers[0].image : placeholderImage
          env: env
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/alive'
                port: port
              }
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health'
                port: port
              }
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output name string = app.name
output fqdn string = externalIngress ? app.properties.configuration.ingress.fqdn : ''
output url string = externalIngress ? 'https://${app.properties.configuration.ingress.fqdn}' : ''
