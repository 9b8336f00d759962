using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Apis.Reembedding;

/// <summary>What the re-embedding endpoints use.</summary>
/// <param name="Runner">What records a build for the Worker.</param>
/// <param name="Generators">The configured model, the default target.</param>
/// <param name="Versions">The embedding versions' ledger.</param>
public sealed record ReembedServices(ReembedRunner Runner, EmbeddingGenerators Generators, EmbeddingVersionStore Versions);
