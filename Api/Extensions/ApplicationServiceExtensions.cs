using Npgsql;

namespace RedisAspire.Api.Extensions;

internal static class ApplicationServiceExtensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();

        builder.AddRedisClient("cache");
        builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => dataSource.UseVector());
        builder.AddCacheEviction();
    }
}
