using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Connections;

/// <summary>How <c>ConnectionStrings:db-read</c> is read and registered; nothing connects.</summary>
[Trait("Category", "Unit")]
public sealed class ReadReplicaConnectionTests
{
    private const string Primary = "Host=127.0.0.1;Port=5432;Username=app;Database=db";

    [Theory]
    [InlineData("Port=5433;Username=app")]
    [InlineData("Host=replica.example;Flavour=vanilla")]
    public void AReadConnectionStringThatIsNoReplicasAddressStopsTheStartNamingIt(string read)
    {
        var builder = Builder(read);

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddPostgresDataSource());

        Assert.Contains("ConnectionStrings:db-read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAReadConnectionStringSearchesReadFromThePrimarysOwnDataSource()
    {
        var builder = Builder(read: null);
        builder.AddPostgresDataSource();
        using var host = builder.Build();

        Assert.Same(host.Services.GetRequiredService<NpgsqlDataSource>(), host.Services.GetRequiredKeyedService<NpgsqlDataSource>(PostgresConnectionNames.Read));
        Assert.Null(ColdTierReadSource.From(host.Services).Replica);
    }

    [Fact]
    public void WithAReadConnectionStringSearchesReadFromADataSourceOfTheReplica()
    {
        var builder = Builder("Host=127.0.0.2;Port=5433;Username=app;Database=db");
        builder.AddPostgresDataSource();
        using var host = builder.Build();

        var replica = ColdTierReadSource.From(host.Services).Replica;

        Assert.NotNull(replica);
        Assert.NotSame(host.Services.GetRequiredService<NpgsqlDataSource>(), replica);
        Assert.Equal(("127.0.0.2", 5433), (new NpgsqlConnectionStringBuilder(replica.ConnectionString).Host, new NpgsqlConnectionStringBuilder(replica.ConnectionString).Port));
    }

    private static HostApplicationBuilder Builder(string? read)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:db"] = Primary,
            ["ConnectionStrings:db-read"] = read,
        });
        return builder;
    }
}
