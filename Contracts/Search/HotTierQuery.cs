namespace RedisAspire.Contracts;

/// <summary>
/// The hot tier's query of a search, written in both Redis engines' syntax whichever engine answered, to learn from:
/// built by the code that builds the commands the hot tier sends, with every filter value escaped or quoted as sent.
/// Only the vector is shortened to a placeholder.
/// </summary>
/// <param name="RediSearch">The query as the Redis query engine (RediSearch) runs it; null when it cannot be written for this index.</param>
/// <param name="VectorSets">The query as Vector Sets runs it; null when it cannot be written (an index metric other than cosine, or a filter value holding both ' and ").</param>
public sealed record HotTierQuery(RediSearchSyntax? RediSearch, VectorSetsSyntax? VectorSets);

/// <summary>A KNN query in RediSearch's syntax: <c>FT.SEARCH index "query" PARAMS ... DIALECT 2</c>.</summary>
/// <param name="Index">The index searched (the alias that points at the live version).</param>
/// <param name="Query">The <c>FT.SEARCH</c> query string exactly as sent: the filter, then the KNN clause, <c>(@tenant:{harbor\-bistro})=>[KNN 5 @embedding $vec EF_RUNTIME $ef AS score]</c> (<c>*</c> for no filter).</param>
/// <param name="Parameters">The names of the parameters the query reads as <c>$name</c>: <c>vec</c> (the vector's FLOAT32 bytes) and, for HNSW, <c>ef</c>.</param>
/// <param name="Command">The whole command, one argument per item, name first; the vector's bytes appear as <c>&lt;vector: N bytes&gt;</c>.</param>
public sealed record RediSearchSyntax(string Index, string Query, IReadOnlyList<string> Parameters, IReadOnlyList<string> Command);

/// <summary>A KNN query in Vector Sets' syntax: <c>VSIM key VALUES dim ... WITHSCORES COUNT k EF ef [FILTER expression]</c>.</summary>
/// <param name="Key">The Vector Set searched.</param>
/// <param name="Filter">The <c>FILTER</c> expression exactly as sent, over the elements' JSON attributes: <c>.tenant == "harbor-bistro" and .updated_at >= 1714521600</c>; null when the search has no filter.</param>
/// <param name="Command">The whole command, one argument per item, name first; the vector's components appear as one <c>&lt;vector: N values&gt;</c>.</param>
public sealed record VectorSetsSyntax(string Key, string? Filter, IReadOnlyList<string> Command);
