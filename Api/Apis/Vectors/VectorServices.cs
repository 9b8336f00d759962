using Microsoft.Extensions.Options;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Vectors;

/// <summary>What the hot tier's index and hot-set endpoints use.</summary>
/// <param name="Spaces">The live embedding version, whose hot index these are.</param>
/// <param name="Runs">Where rebuilds and refreshes run, past the request.</param>
/// <param name="Asks">How often each document was asked for.</param>
/// <param name="Index">The index settings (its configured name).</param>
/// <param name="HotSet">The hot-set settings.</param>
public sealed record VectorServices(
    EmbeddingSpaces Spaces, BackgroundRuns Runs, RedisAskCounter Asks, IOptions<VectorIndexOptions> Index, IOptions<HotSetOptions> HotSet);
