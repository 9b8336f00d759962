namespace RedisAspire.Core.Vectors;

/// <summary>A KNN query as RediSearch runs it: <c>FT.SEARCH index query PARAMS ... DIALECT 2</c>.</summary>
/// <param name="Index">The index (alias) searched.</param>
/// <param name="Query">The query string: the filter, then the KNN clause, <c>(@tenant:{acme})=>[KNN 5 @embedding $vec AS score]</c>.</param>
/// <param name="Parameters">The names of the query's parameters (<c>vec</c>, the vector's bytes; <c>ef</c>), which it reads as <c>$name</c>.</param>
/// <param name="Command">The whole command, name first, one argument each; the vector's bytes are shown as <see cref="HotTierQueries.VectorBytesPlaceholder"/>.</param>
public sealed record RediSearchQuerySyntax(string Index, string Query, IReadOnlyList<string> Parameters, IReadOnlyList<string> Command);
