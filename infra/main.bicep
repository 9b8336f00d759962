// RedisAspire on Azure, as `azd up` provisions it: Azure Managed Redis (one or two instances), PostgreSQL Flexible
// Server with pgvector, and the api, worker and web services on Container Apps, all reached with one user-assigned
// managed identity. No key, password or connection secret exists anywhere: every server trusts the identity's tokens.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; it names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('The Azure region of every resource.')
param location string

@description('Azure Managed Redis size (Balanced tier). Balanced_B0 is the smallest.')
@allowed([
  'Balanced_B0'
  'Balanced_B1'
  'Balanced_B3'
  'Balanced_B5'
  'Balanced_B10'
  'Balanced_B20'
  'Balanced_B50'
])
param redisSku string = 'Balanced_B1'

@description('1: one Redis (RediSearch, NoEviction) for everything, every cache entry with a TTL. 2: a second Redis (AllKeysLRU, no modules) for the result cache, pub/sub and ask counts.')
@allowed([
  1
  2
])
param redisInstances int = 1

@description('Embed with an Azure OpenAI deployment instead of the local model inside the containers.')
param useAzureOpenAI bool = false
param embeddingModel string = 'text-embedding-3-small'
param embeddingModelVersion string = '1'
@description('Thousands of tokens a minute for the embeddings deployment.')
param embeddingCapacity int = 30

@minLength(1)
@description('The Api\'s application id URI or client id in Microsoft Entra ID: the audience its callers\' tokens name.')
param apiAudience string

@description('The object id of the developer running azd (azd sets AZURE_PRINCIPAL_ID): given Redis access for local runs.')
param developerPrincipalId string = ''

@description('Set by azd: whether each app exists already, so that provisioning again keeps its deployed image.')
param apiExists bool = false
param workerExists bool = false
param webExists bool = false

var tags = {
  'azd-env-name': environmentName
}
var token = uniqueString(subscription().id, environmentName, location)
var twoRedis = redisInstances == 2

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: group
  params: {
    name: 'id-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  params: {
    name: 'log-${token}'
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  scope: group
  params: {
    name: 'cr${token}'
    location: location
    tags: tags
    pullerPrincipalId: identity.outputs.principalId
  }
}

module appsEnvironment 'modules/containerAppsEnvironment.bicep' = {
  scope: group
  params: {
    name: 'cae-${token}'
    location: location
    tags: tags
    logAnalyticsWorkspaceName: monitoring.outputs.name
  }
}

// The vector hot tier's Redis (and, with one instance, everything else's): RediSearch needs both of these policies.
module vectorRedis 'modules/managedRedis.bicep' = {
  scope: group
  params: {
    name: 'redis-${token}'
    location: location
    tags: tags
    sku: redisSku
    withSearch: true
    evictionPolicy: 'NoEviction'
    appPrincipalId: identity.outputs.principalId
    developerPrincipalId: developerPrincipalId
  }
}

// With two instances: caches, pub/sub and ask counts, which may be evicted under memory pressure.
module cacheRedis 'modules/managedRedis.bicep' = if (twoRedis) {
  scope: group
  params: {
    name: 'redis-cache-${token}'
    location: location
    tags: tags
    sku: redisSku
    withSearch: false
    evictionPolicy: 'AllKeysLRU'
    appPrincipalId: identity.outputs.principalId
    developerPrincipalId: developerPrincipalId
  }
}

module postgres 'modules/postgres.bicep' = {
  scope: group
  params: {
    name: 'psql-${token}'
    location: location
    tags: tags
    adminIdentityName: identity.outputs.name
    adminPrincipalId: identity.outputs.principalId
  }
}

module openAi 'modules/openAi.bicep' = if (useAzureOpenAI) {
  scope: group
  params: {
    name: 'oai-${token}'
    location: location
    tags: tags
    userPrincipalId: identity.outputs.principalId
    embeddingModel: embeddingModel
    embeddingModelVersion: embeddingModelVersion
    embeddingCapacity: embeddingCapacity
  }
}

module settings 'modules/serviceSettings.bicep' = {
  scope: group
  params: {
    identityClientId: identity.outputs.clientId
    identityName: identity.outputs.name
    vectorRedisHost: vectorRedis.outputs.hostName
    cacheRedisHost: twoRedis ? cacheRedis!.outputs.hostName : ''
    postgresHost: postgres.outputs.hostName
    postgresDatabase: postgres.outputs.databaseName
    openAiEndpoint: useAzureOpenAI ? openAi!.outputs.endpoint : ''
    openAiEmbeddingDeployment: useAzureOpenAI ? openAi!.outputs.embeddingDeployment : ''
    apiAuthority: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
    apiAudience: apiAudience
  }
}

module api 'modules/containerApp.bicep' = {
  scope: group
  params: {
    name: 'api'
    serviceName: 'api'
    location: location
    tags: tags
    environmentId: appsEnvironment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: apiExists
    externalIngress: true
    env: settings.outputs.api
    cpu: '1.0'
    memory: '2Gi'
    // Replicas share nothing but Redis and PostgreSQL; one served 1.9-2.5k mixed calls a second at 8-32 concurrent
    // callers (docs/benchmarks.md), so a replica is added for each 50 requests in flight.
    minReplicas: 1
    maxReplicas: 10
    scaleRules: [
      {
        name: 'concurrent-requests'
        http: { metadata: { concurrentRequests: '50' } }
      }
    ]
  }
}

module worker 'modules/containerApp.bicep' = {
  scope: group
  params: {
    name: 'worker'
    serviceName: 'worker'
    location: location
    tags: tags
    environmentId: appsEnvironment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: workerExists
    externalIngress: false
    env: settings.outputs.worker
    cpu: '1.0'
    memory: '2Gi'
    // Background work (ingestion, hot-set refresh) must keep running without requests: never fewer than one. Workers
    // share the ingestion queue's consumer group and the refresh's lock, so more replicas take more of the queue.
    minReplicas: 1
    maxReplicas: 5
    scaleRules: [
      {
        name: 'cpu'
        custom: { type: 'cpu', metadata: { type: 'Utilization', value: '70' } }
      }
    ]
  }
}

module web 'modules/containerApp.bicep' = {
  scope: group
  params: {
    name: 'web'
    serviceName: 'web'
    location: location
    tags: tags
    environmentId: appsEnvironment.outputs.id
    identityId: identity.outputs.id
    registryServer: registry.outputs.loginServer
    exists: webExists
    externalIngress: true
    env: concat(settings.outputs.web, [
      {
        // Service discovery's form of the address behind "https+http://api".
        name: 'services__api__https__0'
        value: api.outputs.url
      }
    ])
    cpu: '0.5'
    memory: '1Gi'
    minReplicas: 1
    maxReplicas: 2
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = appsEnvironment.outputs.id
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = appsEnvironment.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = appsEnvironment.outputs.defaultDomain
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output MANAGED_IDENTITY_NAME string = identity.outputs.name
output REDIS_HOST string = vectorRedis.outputs.hostName
output REDIS_CACHE_HOST string = twoRedis ? cacheRedis!.outputs.hostName : ''
output POSTGRES_HOST string = postgres.outputs.hostName
output API_URL string = api.outputs.url
output WEB_URL string = web.outputs.url
output ASPIRE_DASHBOARD_URL string = appsEnvironment.outputs.aspireDashboardUrl
