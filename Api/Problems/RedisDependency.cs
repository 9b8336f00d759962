namespace RedisAspire.Api.Problems;

/// <summary>
/// Endpoint metadata naming what an endpoint uses Redis as, so that an outage is reported as the part that failed
/// ("The ingestion queue is unavailable"), not as Redis in general.
/// </summary>
/// <param name="What">The part, as the start of a sentence: <c>The result cache</c>.</param>
internal sealed record RedisDependency(string What)
{
    public static readonly RedisDependency ResultCache = new("The result cache");
    public static readonly RedisDependency HotTier = new("The vector hot tier");
    public static readonly RedisDependency IngestionQueue = new("The ingestion queue");
}

internal static class RedisDependencyExtensions
{
    /// <summary>Names what the endpoints of <paramref name="builder"/> use Redis as.</summary>
    public static TBuilder UsesRedisAs<TBuilder>(this TBuilder builder, RedisDependency dependency)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(dependency);
}
