using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>Which answer caches a replay host runs with.</summary>
internal enum AnswerLayers
{
    /// <summary>No answer cache: every answer is written from the two tiers' passages.</summary>
    HotTierOnly,

    /// <summary>The exact answer cache in front of the tiers.</summary>
    Exact,

    /// <summary>The exact, then the semantic answer cache.</summary>
    Semantic,
}

/// <summary>
/// The services <c>POST /ask</c> runs on, wired as the Api wires them (result cache, both tiers, the embedding
/// versions, answers) over the replay's servers, under names of the replay's own; the question embeddings come
/// precomputed.
/// </summary>
internal static class AnswerReplayHost
{
    /// <summary>How long the replay keeps answers and questions: the two days it replays, whatever their real length.</summary>
    public static readonly TimeSpan CacheLife = TimeSpan.FromDays(2);

    public static async Task<IHost> StartAsync(
        IConnectionMultiplexer redis, NpgsqlDataSource dataSource, PrecomputedEmbeddings embeddings, AnswerHostSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var life = CacheLife.ToString("c", CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Embeddings:Local:Model"] = LocalEmbeddingModels.MiniLM,
            ["Vectors:Engine"] = settings.Engine,
            ["Vectors:IndexName"] = settings.HotIndex,
            ["Vectors:KeyPrefix"] = $"{settings.HotIndex}:",
            ["ResultCache:KeyPrefix"] = settings.CachePrefix,
            ["HotSet:Size"] = settings.HotSize.ToString(CultureInfo.InvariantCulture),
            ["HotSet:Schedule"] = "off",
            ["Retrieval:ConfidenceThreshold"] = settings.ConfidenceThreshold.ToString(CultureInfo.InvariantCulture),
            ["Answers:Cache:Enabled"] = (settings.Layers != AnswerLayers.HotTierOnly).ToString(),
            ["Answers:Cache:Expiration"] = nameof(ExpirationStrategy.Fixed),
            ["Answers:Cache:TimeToLive"] = life,
            ["Answers:Semantic:Enabled"] = (settings.Layers == AnswerLayers.Semantic).ToString(),
            ["Answers:Semantic:IndexName"] = $"{settings.CachePrefix}-questions",
            ["Answers:Semantic:KeyPrefix"] = $"{settings.CachePrefix}-q",
            ["Answers:Semantic:Threshold"] = settings.SemanticThreshold.ToString(CultureInfo.InvariantCulture),
            ["Answers:Semantic:TimeToLive"] = life,
            ["Answers:Semantic:MaxLifetime"] = life,
            ["Answers:Semantic:MaxEntries"] = "1000000",
        });

        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingsHostingExtensions.UncachedServiceKey, embeddings);
        builder.Services.AddResultCache();
        builder.AddRetrievalTiers();
        builder.AddAnswers();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

/// <summary>What a replay host is configured with.</summary>
internal sealed record AnswerHostSettings(
    string Engine, string HotIndex, string CachePrefix, int HotSize, double ConfidenceThreshold, AnswerLayers Layers, double SemanticThreshold);
