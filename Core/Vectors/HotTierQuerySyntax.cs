namespace RedisAspire.Core.Vectors;

/// <summary>
/// A KNN query as each Redis engine runs it, to read and learn from: built by the code that builds the commands the hot
/// tier sends (<see cref="HotTierQueries.Render"/>), so it is the query sent, values escaped as sent.
/// </summary>
/// <param name="RediSearch">The query as RediSearch runs it; null when it cannot be written for this schema.</param>
/// <param name="VectorSets">The query as Vector Sets runs it; null when it cannot be written (a metric other than cosine, or a value holding both quote characters).</param>
public sealed record HotTierQuerySyntax(RediSearchQuerySyntax? RediSearch, VectorSetsQuerySyntax? VectorSets);
