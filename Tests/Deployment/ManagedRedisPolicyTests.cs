using System.Text.Json.Nodes;

namespace RedisAspire.Tests.Deployment;

/// <summary>What the code needs from Azure Managed Redis, read from the predicted deployment of infra/main.bicep.</summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class ManagedRedisPolicyTests(InfrastructureSnapshots snapshots)
{
    private const string Clusters = "Microsoft.Cache/redisEnterprise";
    private const string Databases = "Microsoft.Cache/redisEnterprise/databases";
    private const string AccessPolicyAssignments = "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments";

    [Fact]
    public void OneInstanceServesRediSearchOnEnterpriseClusterWithoutEviction()
    {
        var database = Assert.Single(snapshots.OneRedis.OfType(Databases));

        AssertVectorDatabase(database);
    }

    [Fact]
    public void WithTwoInstancesTheSecondEvictsLeastRecentlyUsedKeysAndLoadsNoModule()
    {
        var databases = snapshots.TwoRedisWithOpenAI.OfType(Databases);

        Assert.Equal(2, databases.Count);
        AssertVectorDatabase(Assert.Single(databases, d => Modules(d).Count > 0));
        var cache = Assert.Single(databases, d => Modules(d).Count == 0);
        Assert.Equal("AllKeysLRU", (string?)cache["properties"]!["evictionPolicy"]);
        AssertTlsAndTokensOnly(cache);
    }

    [Fact]
    public void EveryDatabaseLogsItsWritesToDiskEverySecond()
    {
        foreach (var database in snapshots.OneRedis.OfType(Databases).Concat(snapshots.TwoRedisWithOpenAI.OfType(Databases)))
        {
            var persistence = database["properties"]!["persistence"]!;
            Assert.Equal((true, "1s"), ((bool?)persistence["aofEnabled"], (string?)persistence["aofFrequency"]));
        }
    }

    [Fact]
    public void EveryInstanceAcceptsTlsOnlyFromTheMinimumVersionUp()
    {
        foreach (var cluster in snapshots.TwoRedisWithOpenAI.OfType(Clusters))
        {
            Assert.Equal("1.2", (string?)cluster["properties"]!["minimumTlsVersion"]);
            Assert.StartsWith("Balanced_", (string?)cluster["sku"]!["name"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheAppIdentityHasTheDefaultAccessPolicyOnEveryDatabase()
    {
        foreach (var snapshot in new[] { snapshots.OneRedis, snapshots.TwoRedisWithOpenAI })
        {
            var databases = snapshot.OfType(Databases).Select(d => (string)d["name"]!).ToList();
            var appAssignments = snapshot.OfType(AccessPolicyAssignments)
                .Where(a => ArmExpression.IsOutputOf((string?)a["properties"]!["user"]!["objectId"], "identity", "principalId"))
                .ToList();

            Assert.Equal(databases.Count, appAssignments.Count);
            foreach (var assignment in appAssignments)
            {
                Assert.Equal("default", (string?)assignment["properties"]!["accessPolicyName"]);
                Assert.Contains(databases, d => ((string)assignment["name"]!).StartsWith($"{d}/", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void TheVectorsConnectionIsTheRediSearchInstanceAndCacheTheEvictingOne()
    {
        var settings = ModuleParameters(snapshots.CompiledMain, "settings");

        // Compiled main.bicep names modules by their symbolic names.
        Assert.Equal("[reference('vectorRedis').outputs.hostName.value]", (string?)settings["vectorRedisHost"]!["value"]);
        Assert.Contains("reference('cacheRedis').outputs.hostName.value", settings["cacheRedisHost"]!.GetValue<string>(), StringComparison.Ordinal);
        var vectorRedis = ModuleParameters(snapshots.CompiledMain, "vectorRedis");
        Assert.True((bool)vectorRedis["withSearch"]!["value"]!);
        Assert.Equal("NoEviction", (string?)vectorRedis["evictionPolicy"]!["value"]);
        var cacheRedis = ModuleParameters(snapshots.CompiledMain, "cacheRedis");
        Assert.False((bool)cacheRedis["withSearch"]!["value"]!);
        Assert.Equal("AllKeysLRU", (string?)cacheRedis["evictionPolicy"]!["value"]);
    }

    private static void AssertVectorDatabase(JsonObject database)
    {
        Assert.Equal(["RediSearch"], Modules(database));
        Assert.Equal("EnterpriseCluster", (string?)database["properties"]!["clusteringPolicy"]);
        Assert.Equal("NoEviction", (string?)database["properties"]!["evictionPolicy"]);
        AssertTlsAndTokensOnly(database);
    }

    private static void AssertTlsAndTokensOnly(JsonObject database)
    {
        Assert.Equal("default", ((string)database["name"]!).Split('/')[^1]);
        Assert.Equal("Encrypted", (string?)database["properties"]!["clientProtocol"]);
        Assert.Equal(10000, (int?)database["properties"]!["port"]);
        Assert.Equal("Disabled", (string?)database["properties"]!["accessKeysAuthentication"]);
    }

    private static List<string> Modules(JsonObject database) =>
        database["properties"]!["modules"]?.AsArray().Select(m => (string)m!["name"]!).ToList() ?? [];

    /// <summary>The parameters main.bicep passes to a module, by the module's symbolic name.</summary>
    private static JsonObject ModuleParameters(JsonObject template, string module) =>
        template["resources"]![module]!["properties"]!["parameters"]!.AsObject();
}
