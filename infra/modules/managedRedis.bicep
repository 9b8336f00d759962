// One Azure Managed Redis instance and its `default` database, reached over TLS on port 10000 with Entra ID tokens
// only. Clustering and eviction can only be chosen at creation, so they are parameters of the instance, not settings.
param name string
param location string
param tags object

@description('A Balanced SKU: Balanced_B0 is the smallest.')
param sku string

@description('Load the RediSearch module (the vector hot tier). It requires EnterpriseCluster and NoEviction.')
param withSearch bool

@description('NoEviction for the vector hot tier; AllKeysLRU for an instance that only holds caches.')
@allowed([
  'NoEviction'
  'AllKeysLRU'
])
param evictionPolicy string

@description('The principal (object) id of the identity given the `default` access policy.')
param appPrincipalId string

@description('Optional: the object id of a developer who runs the services locally against this instance.')
param developerPrincipalId string = ''

resource cluster 'Microsoft.Cache/redisEnterprise@2026-09-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    minimumTlsVersion: '1.2'
    // Container Apps without a virtual network reach it over the internet; TLS and Entra ID tokens guard it.
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2026-09-01' = {
  parent: cluster
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: evictionPolicy
    accessKeysAuthentication: 'Disabled'
    // The ingestion queue lives here: a write is accepted once it is on its stream. AOF, written every second, keeps
    // accepted writes through the loss of a shard and its replica.
    persistence: {
      aofEnabled: true
      aofFrequency: '1s'
    }
    modules: withSearch ? [
      {
        name: 'RediSearch'
      }
    ] : []
  }
}

// The managed identity signs in with a token; `default` is the built-in policy that allows every command.
resource appAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2026-09-01' = {
  parent: database
  name: 'app'
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: appPrincipalId
    }
  }
}

resource developerAccess 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments@2026-09-01' = if (!empty(developerPrincipalId)) {
  parent: database
  name: 'developer'
  properties: {
    accessPolicyName: 'default'
    user: {
      objectId: developerPrincipalId
    }
  }
  // Assignments on one database are made one at a time.
  dependsOn: [
    appAccess
  ]
}

output hostName string = cluster.properties.hostName
output port int = database.properties.port
