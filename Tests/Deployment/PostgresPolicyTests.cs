namespace RedisAspire.Tests.Deployment;

/// <summary>What the code needs from PostgreSQL Flexible Server, read from the predicted deployment of infra/main.bicep.</summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class PostgresPolicyTests(InfrastructureSnapshots snapshots)
{
    private const string Servers = "Microsoft.DBforPostgreSQL/flexibleServers";

    [Fact]
    public void OnlyEntraIdSignsInAndNoPasswordExists()
    {
        var server = Assert.Single(snapshots.OneRedis.OfType(Servers));
        var auth = server["properties"]!["authConfig"]!;

        Assert.Equal("Disabled", (string?)auth["passwordAuth"]);
        Assert.Equal("Enabled", (string?)auth["activeDirectoryAuth"]);
        Assert.Equal(DeploymentSnapshot.TenantId, (string?)auth["tenantId"]);
        Assert.Null(server["properties"]!["administratorLogin"]);
        Assert.Null(server["properties"]!["administratorLoginPassword"]);
    }

    [Fact]
    public void TheAppIdentityIsTheEntraAdministrator()
    {
        var administrator = Assert.Single(snapshots.OneRedis.OfType($"{Servers}/administrators"));

        Assert.Equal("ServicePrincipal", (string?)administrator["properties"]!["principalType"]);
        Assert.True(ArmExpression.IsOutputOf((string?)administrator["properties"]!["principalName"], "identity", "name"));
        Assert.True(ArmExpression.IsOutputOf((string?)administrator["name"], "identity", "principalId"));
    }

    [Fact]
    public void PgvectorIsAllowedAndTheDatabaseIsNamedDb()
    {
        var extensions = Assert.Single(snapshots.OneRedis.OfType($"{Servers}/configurations"), c => ((string)c["name"]!).EndsWith("/azure.extensions", StringComparison.Ordinal));
        var allowed = ((string)extensions["properties"]!["value"]!).Split(',', StringSplitOptions.TrimEntries);

        Assert.Contains("VECTOR", allowed);
        Assert.Single(snapshots.OneRedis.OfType($"{Servers}/databases"), d => ((string)d["name"]!).EndsWith("/db", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerAppsCanReachItWithoutAFixedAddress()
    {
        var server = Assert.Single(snapshots.OneRedis.OfType(Servers));
        var rule = Assert.Single(snapshots.OneRedis.OfType($"{Servers}/firewallRules"));

        Assert.Equal("Enabled", (string?)server["properties"]!["network"]!["publicNetworkAccess"]);
        // 0.0.0.0 to 0.0.0.0 is Azure's way of saying "Azure's own outbound addresses", not the whole internet.
        Assert.Equal("0.0.0.0", (string?)rule["properties"]!["startIpAddress"]);
        Assert.Equal("0.0.0.0", (string?)rule["properties"]!["endIpAddress"]);
    }
}
