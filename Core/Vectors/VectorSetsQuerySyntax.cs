namespace RedisAspire.Core.Vectors;

/// <summary>A KNN query as Vector Sets runs it: <c>VSIM key FP32 blob WITHSCORES COUNT k EF ef [FILTER expression]</c>.</summary>
/// <param name="Key">The set searched.</param>
/// <param name="Filter">The FILTER expression over the elements' attributes, <c>.tenant == "acme"</c>; null when the query has no filter.</param>
/// <param name="Command">The whole command, name first, one argument each; the vector's bytes are shown as one <see cref="HotTierQueries.VectorBytesPlaceholder"/>.</param>
public sealed record VectorSetsQuerySyntax(string Key, string? Filter, IReadOnlyList<string> Command);
