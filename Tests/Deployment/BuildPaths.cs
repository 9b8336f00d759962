using System.Reflection;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// Paths the Tests project recorded when it was built (see Tests.csproj): the repository, and the Bicep CLI restored
/// from its NuGet package into the packages folder in use (NUGET_PACKAGES when set).
/// </summary>
internal static class BuildPaths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string BicepCli { get; } = Metadata("BicepCli");

    public static string Infra { get; } = Path.Join(RepositoryRoot, "infra");

    private static string Metadata(string key) =>
        typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The Tests assembly has no '{key}' metadata: build it with Tests.csproj.");
}
