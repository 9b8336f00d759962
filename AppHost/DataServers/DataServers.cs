namespace RedisAspire.AppHost.DataServers;

/// <summary>The two resources the services reference, whichever run mode made them.</summary>
/// <param name="Cache">Redis: caches and the vector hot tier.</param>
/// <param name="Database">The PostgreSQL database with pgvector: the durable cold tier.</param>
public sealed record DataServers(
    IResourceBuilder<IResourceWithConnectionString> Cache,
    IResourceBuilder<IResourceWithConnectionString> Database);
