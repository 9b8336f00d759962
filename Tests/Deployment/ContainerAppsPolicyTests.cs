using System.Text.Json.Nodes;

namespace RedisAspire.Tests.Deployment;

/// <summary>How the services run in Container Apps, read from the predicted deployment of infra/main.bicep.</summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class ContainerAppsPolicyTests(InfrastructureSnapshots snapshots)
{
    private const string ContainerApps = "Microsoft.App/containerApps";

    [Fact]
    public void TheAppsAreTheServicesOfAzureYamlTaggedForAzd()
    {
        var apps = snapshots.OneRedis.OfType(ContainerApps);

        Assert.Equal(["api", "web", "worker"], apps.Select(a => (string)a["name"]!).Order(StringComparer.Ordinal));
        Assert.All(apps, app => Assert.Equal((string?)app["name"], (string?)app["tags"]!["azd-service-name"]));
    }

    [Fact]
    public void EveryAppRunsAsTheManagedIdentityAndPullsItsImageWithIt()
    {
        foreach (var app in snapshots.OneRedis.OfType(ContainerApps))
        {
            Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
            var identity = Assert.Single(app["identity"]!["userAssignedIdentities"]!.AsObject());
            Assert.True(ArmExpression.IsOutputOf(identity.Key, "identity", "id"), identity.Key);
            var registry = Assert.Single(Configuration(app)["registries"]!.AsArray());
            Assert.True(ArmExpression.IsOutputOf((string?)registry!["identity"], "identity", "id"));
            Assert.Null(registry["passwordSecretRef"]);
        }
    }

    [Fact]
    public void TheApiAndTheDashboardAreServedOverHttpsFromTheInternet()
    {
        foreach (var name in new[] { "api", "web" })
        {
            var ingress = Configuration(App(name))["ingress"]!;

            Assert.True((bool)ingress["external"]!);
            Assert.False((bool)ingress["allowInsecure"]!);
            Assert.Equal(8080, (int)ingress["targetPort"]!);
        }
    }

    [Fact]
    public void TheWorkerHasNoIngress()
    {
        Assert.Null(Configuration(App("worker"))["ingress"]);
    }

    [Fact]
    public void NoAppHoldsASecretOrReadsOne()
    {
        foreach (var app in snapshots.TwoRedisWithOpenAI.OfType(ContainerApps))
        {
            Assert.Null(Configuration(app)["secrets"]);
            Assert.DoesNotContain("secretRef", app.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void EachAppTakesTheSettingsMadeForIt()
    {
        foreach (var name in new[] { "api", "worker", "web" })
        {
            var env = (string?)Container(App(name))["env"];

            Assert.True(ArmExpression.IsOutputOf(env, "settings", name), env);
        }

        // The dashboard finds the Api the way service discovery reads "https+http://api".
        var webEnv = (string)Container(App("web"))["env"]!;
        Assert.Contains("'services__api__https__0'", webEnv, StringComparison.Ordinal);
        Assert.True(ArmExpression.IsOutputOf(webEnv, "api", "url"));
    }

    [Fact]
    public void EveryAppIsProbedOnItsHealthEndpoints()
    {
        foreach (var app in snapshots.OneRedis.OfType(ContainerApps))
        {
            var probes = Container(app)["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);

            Assert.Equal("/alive", (string?)probes["Liveness"]["path"]);
            Assert.Equal("/health", (string?)probes["Readiness"]["path"]);
            Assert.All(probes.Values, probe => Assert.Equal(8080, (int)probe["port"]!));
        }
    }

    [Fact]
    public void TheApiScalesOutOnRequestsInFlightAndTheWorkerOnCpuNeverBelowOneReplica()
    {
        var api = Scale(App("api"));
        var worker = Scale(App("worker"));

        Assert.Equal((1, 10), ((int)api["minReplicas"]!, (int)api["maxReplicas"]!));
        Assert.Equal("50", (string?)Assert.Single(api["rules"]!.AsArray())!["http"]!["metadata"]!["concurrentRequests"]);
        Assert.Equal((1, 5), ((int)worker["minReplicas"]!, (int)worker["maxReplicas"]!));
        var cpu = Assert.Single(worker["rules"]!.AsArray())!["custom"]!;
        Assert.Equal(("cpu", "Utilization", "70"), ((string?)cpu["type"], (string?)cpu["metadata"]!["type"], (string?)cpu["metadata"]!["value"]));
    }

    private static JsonObject Scale(JsonObject app) => app["properties"]!["template"]!["scale"]!.AsObject();

    private JsonObject App(string name) =>
        Assert.Single(snapshots.OneRedis.OfType(ContainerApps), a => (string?)a["name"] == name);

    private static JsonObject Configuration(JsonObject app) => app["properties"]!["configuration"]!.AsObject();

    private static JsonObject Container(JsonObject app) =>
        Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();
}
