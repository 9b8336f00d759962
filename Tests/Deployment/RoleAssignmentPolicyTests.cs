namespace RedisAspire.Tests.Deployment;

/// <summary>The Azure roles the managed identity gets, and only with the resources that need them.</summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class RoleAssignmentPolicyTests(InfrastructureSnapshots snapshots)
{
    private const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    private const string CognitiveServicesOpenAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";

    [Fact]
    public void TheIdentityMayPullFromTheRegistry()
    {
        Assert.Equal([AcrPull], RolesOfTheIdentity(snapshots.OneRedis));
    }

    [Fact]
    public void WithAzureOpenAITheIdentityMayCallItsDeployment()
    {
        Assert.Equal(
            new[] { AcrPull, CognitiveServicesOpenAIUser }.Order(StringComparer.Ordinal),
            RolesOfTheIdentity(snapshots.TwoRedisWithOpenAI).Order(StringComparer.Ordinal));
        Assert.Single(snapshots.TwoRedisWithOpenAI.OfType("Microsoft.CognitiveServices/accounts/deployments"));
    }

    [Fact]
    public void WithoutAzureOpenAINoAccountIsMade()
    {
        Assert.Empty(snapshots.OneRedis.OfType("Microsoft.CognitiveServices/accounts"));
    }

    private static List<string> RolesOfTheIdentity(DeploymentSnapshot snapshot) =>
        snapshot.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => ArmExpression.IsOutputOf((string?)a["properties"]!["principalId"], "identity", "principalId"))
            .Select(a => ((string)a["properties"]!["roleDefinitionId"]!).Split('/')[^1])
            .ToList();
}
