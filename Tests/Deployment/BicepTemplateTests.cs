using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// Every template under infra/ compiles and lints with no error and no warning. Type problems (a misspelt property, a
/// wrong type, a required property missing) are warnings that leave the exit code at 0, so the output is read too.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BicepTemplateTests
{
    private const string EveryTemplate = "infra/**/*.bicep";

    [Fact]
    public async Task EveryTemplateBuildsWithoutErrorsOrWarnings()
    {
        using var output = new TemporaryDirectory();

        var result = await BicepCli.RunAsync(BuildPaths.RepositoryRoot, "build", "--pattern", EveryTemplate, "--outdir", output.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(BicepCli.Diagnostics(result));
        // The pattern reached every template: each has its compiled JSON.
        var templates = Directory.GetFiles(BuildPaths.Infra, "*.bicep", SearchOption.AllDirectories);
        Assert.Equal(templates.Length, Directory.GetFiles(output.Path, "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task EveryTemplateLintsWithoutErrorsOrWarnings()
    {
        var result = await BicepCli.RunAsync(BuildPaths.RepositoryRoot, "lint", "--pattern", EveryTemplate);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(BicepCli.Diagnostics(result));
    }
}
