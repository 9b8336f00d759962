namespace RedisAspire.Tests.Deployment;

/// <summary>
/// No key, password or secure value anywhere in the templates: every server trusts the managed identity's tokens, so
/// nothing needs to be read from a resource, passed as a secure parameter or handed out as an output.
/// </summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class NoSecretsPolicyTests(InfrastructureSnapshots snapshots)
{
    [Theory]
    [InlineData("listKeys(")]
    [InlineData("listSecrets(")]
    [InlineData("listCredentials(")]
    [InlineData("listConnectionStrings(")]
    [InlineData("\"securestring\"")]
    [InlineData("\"secureObject\"")]
    [InlineData("administratorLoginPassword")]
    [InlineData("sharedKey")]
    [InlineData("secretRef")]
    public void TheCompiledTemplatesNeverUse(string secretBearer)
    {
        var compiled = snapshots.CompiledMain.ToJsonString();

        Assert.DoesNotContain(secretBearer, compiled, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ApiKeysAreOffWhereverAServiceCouldHaveOne()
    {
        var snapshot = snapshots.TwoRedisWithOpenAI;

        var openAi = Assert.Single(snapshot.OfType("Microsoft.CognitiveServices/accounts"));
        Assert.True((bool)openAi["properties"]!["disableLocalAuth"]!);
        var registry = Assert.Single(snapshot.OfType("Microsoft.ContainerRegistry/registries"));
        Assert.False((bool)registry["properties"]!["adminUserEnabled"]!);
    }
}
