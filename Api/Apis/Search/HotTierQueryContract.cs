using RedisAspire.Contracts;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Search;

/// <summary>A search's hot-tier query as the search answer shows it.</summary>
internal static class HotTierQueryContract
{
    public static HotTierQuery ToContract(this HotTierQuerySyntax syntax) => new(
        syntax.RediSearch is { } rediSearch ? new RediSearchSyntax(rediSearch.Index, rediSearch.Query, rediSearch.Parameters, rediSearch.Command) : null,
        syntax.VectorSets is { } vectorSets ? new VectorSetsSyntax(vectorSets.Key, vectorSets.Filter, vectorSets.Command) : null);
}
