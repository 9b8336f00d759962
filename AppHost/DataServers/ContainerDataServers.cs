namespace RedisAspire.AppHost.DataServers;

internal static class ContainerDataServers
{
    /// <summary>
    /// Redis from Aspire's default image (Redis 8 with the query engine, so both vector engines work) and PostgreSQL
    /// from the pgvector image.
    /// </summary>
    public static DataServers AddContainerDataServers(this IDistributedApplicationBuilder builder)
    {
        var cache = builder.AddRedis("cache");
        var postgres = builder.AddPostgres("postgres")
            .WithImage("pgvector/pgvector", "pg17");
        var database = postgres.AddVectorDatabase("db");

        return new DataServers(cache, database);
    }
}
