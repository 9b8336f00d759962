using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedisAspire.AppHost.DataServers;

internal static class VectorDatabaseBuilderExtensions
{
    /// <summary>
    /// Adds database <paramref name="name"/> to <paramref name="server"/>: created with the <c>vector</c> extension as
    /// soon as the server is ready, Running from then on, healthy while the extension answers.
    /// </summary>
    public static IResourceBuilder<VectorDatabaseResource> AddVectorDatabase<TServer>(
        this IResourceBuilder<TServer> server, string name)
        where TServer : IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var database = new VectorDatabaseResource(name, name, server.Resource);
        var healthCheck = $"{name}-vector";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await VectorDatabaseBootstrap.CheckAsync(
                await database.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "", cancellationToken));

        server.OnResourceReady(async (serverResource, readyEvent, cancellationToken) =>
        {
            var notifications = readyEvent.Services.GetRequiredService<ResourceNotificationService>();
            var logger = readyEvent.Services.GetRequiredService<ResourceLoggerService>().GetLogger(database);
            try
            {
                var serverConnectionString = await serverResource.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "";
                await VectorDatabaseBootstrap.EnsureDatabaseAsync(serverConnectionString, database.DatabaseName, cancellationToken);
                logger.LogInformation("Database {Database} is ready with the vector extension", database.DatabaseName);
                await notifications.PublishUpdateAsync(database, snapshot => snapshot with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
            catch (Npgsql.NpgsqlException exception)
            {
                logger.LogError(exception, "Creating database {Database} with the vector extension failed", database.DatabaseName);
                await notifications.PublishUpdateAsync(database, snapshot => snapshot with { State = KnownResourceStates.FailedToStart });
            }
        });

        return builder.AddResource(database)
            .WithParentRelationship(server.Resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithHealthCheck(healthCheck);
    }
}
