using Microsoft.Extensions.Configuration;

namespace RedisAspire.AppHost.DataServers;

internal static class ContainerDataServers
{
    /// <summary>Keeps the servers' data in named volumes across runs when true; fresh servers at every run otherwise.</summary>
    public const string DataVolumesSetting = "Containers:DataVolumes";

    /// <summary>
    /// Redis from Aspire's default image (Redis 8 with the query engine, so both vector engines work) and PostgreSQL
    /// from the pgvector image.
    /// </summary>
    public static DataServers AddContainerDataServers(this IDistributedApplicationBuilder builder)
    {
        var cache = builder.AddRedis("cache");
        var postgres = builder.AddPostgres("postgres")
            .WithImage("pgvector/pgvector", "pg17");
        if (builder.Configuration.GetValue<bool>(DataVolumesSetting))
        {
            cache.WithDataVolume();
            postgres.WithDataVolume();
        }

        var database = postgres.AddVectorDatabase("db");
        // Redis's own default policy is noeviction: what the hot tier needs.
        var vectors = RedisLayout.HasVectorsInstance(builder.Configuration) ? builder.AddRedis(RedisLayout.VectorsName) : null;
        return new DataServers(cache, database, vectors);
    }
}
