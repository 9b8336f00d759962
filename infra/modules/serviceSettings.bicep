// The settings each service reads, as environment variables, in one place: the names are the services'
// configuration keys (`:` written `__`). Hosts, names and client ids only; nothing here is a secret, since every
// server takes the managed identity's tokens.
param identityClientId string
param identityName string

param vectorRedisHost string
@description('Empty with one Redis instance.')
param cacheRedisHost string

param postgresHost string
param postgresDatabase string

@description('Empty without Azure OpenAI: the local model embeds inside the containers.')
param openAiEndpoint string
param openAiEmbeddingDeployment string

@description('The Api\'s token issuer, e.g. https://login.microsoftonline.com/TENANT/v2.0.')
param apiAuthority string
param apiAudience string

// StackExchange.Redis's form; the password is replaced by Entra ID tokens for the identity named in Redis__Entra.
func redisConnection(host string) string => '${host}:10000,ssl=True,abortConnect=False'

var twoRedis = !empty(cacheRedisHost)

// With two instances `vectors` is the RediSearch one and `cache` the evicting one; with one, `cache` is everything.
var redis = concat(
  [
    {
      name: 'ConnectionStrings__cache'
      value: redisConnection(twoRedis ? cacheRedisHost : vectorRedisHost)
    }
    {
      name: 'Redis__Entra__ClientId'
      value: identityClientId
    }
  ],
  twoRedis
    ? [
        {
          name: 'ConnectionStrings__vectors'
          value: redisConnection(vectorRedisHost)
        }
      ]
    : []
)

// The PostgreSQL user of a managed identity is the identity's name; its password is a fresh token.
var postgres = [
  {
    name: 'ConnectionStrings__db'
    value: 'Host=${postgresHost};Database=${postgresDatabase};Username=${identityName};Ssl Mode=Require'
  }
  {
    name: 'Postgres__Entra__ClientId'
    value: identityClientId
  }
]

var embeddings = empty(openAiEndpoint)
  ? [
      {
        name: 'Embeddings__Provider'
        value: 'Local'
      }
    ]
  : [
      {
        name: 'Embeddings__Provider'
        value: 'AzureOpenAI'
      }
      {
        name: 'Embeddings__AzureOpenAI__Endpoint'
        value: openAiEndpoint
      }
      {
        name: 'Embeddings__AzureOpenAI__Deployment'
        value: openAiEmbeddingDeployment
      }
    ]

// DefaultAzureCredential picks the user-assigned identity by AZURE_CLIENT_ID. Behind Container Apps' ingress the
// services see the caller's scheme and address through the forwarded headers, as the AppHost's publish mode sets too.
var everyService = [
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
    value: 'true'
  }
]

var apiOnly = [
  {
    name: 'Identity__Authority'
    value: apiAuthority
  }
  {
    name: 'Identity__Audience'
    value: apiAudience
  }
  {
    // Azure Managed Redis's eviction policy is a resource setting, fixed at creation.
    name: 'ResultCache__Eviction__AllowPolicyChanges'
    value: 'false'
  }
]

output api array = concat(everyService, redis, postgres, embeddings, apiOnly)
output worker array = concat(everyService, redis, postgres, embeddings)
output web array = concat(everyService, [
  {
    name: 'Identity__Api__Scope'
    value: '${apiAudience}/.default'
  }
])
