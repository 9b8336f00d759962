namespace RedisAspire.AppHost.DataServers;

/// <summary>The resources the services reference, whichever run mode made them.</summary>
/// <param name="Cache">Redis: caches and the vector hot tier.</param>
/// <param name="Database">The PostgreSQL database with pgvector: the durable cold tier.</param>
/// <param name="Vectors">A second Redis for the vector hot tier (<see cref="RedisLayout"/>), or null when it shares <paramref name="Cache"/>.</param>
public sealed record DataServers(
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString>? Vectors = null)
{
    /// <summary>References every Redis of this layout from <paramref name="service"/>, which waits for each.</summary>
    public IResourceBuilder<ProjectResource> ReferencedRedisBy(IResourceBuilder<ProjectResource> service)
    {
        ArgumentNullException.ThrowIfNull(service);
        service.WithReference(Cache).WaitFor(Cache);
        return Vectors is null ? service : service.WithReference(Vectors).WaitFor(Vectors);
    }
}
