using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

/// <summary>A host with <c>AddEmbeddings</c>, the given settings, and the in-memory cache standing in for Redis.</summary>
public static class EmbeddingsHost
{
    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IResultCache, InMemoryResultCache>();
        before?.Invoke(builder.Services);
        builder.AddEmbeddings();
        return builder.Build();
    }
}
