using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.AppHost.Identity;

/// <summary>
/// The development issuer's key: made anew at each start of a run, so a token outlives neither the run nor this
/// machine, and handed to the Api (to validate tokens) and the dashboard (to sign its own) as a secret parameter, which
/// the Aspire dashboard masks and nothing logs or stores. A deployment trusts Microsoft Entra ID instead.
/// </summary>
internal static class DevelopmentSigningKeyExtensions
{
    /// <summary>The parameter's name, as the Aspire dashboard lists it.</summary>
    public const string ParameterName = "dev-signing-key";

    private static readonly string EnvironmentVariable = DevelopmentIssuer.SigningKeySetting.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>A new development signing key when running; null when publishing, where there is none.</summary>
    public static IResourceBuilder<ParameterResource>? AddDevelopmentSigningKey(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode ? null : builder.AddParameter(ParameterName, DevelopmentIssuer.NewKey(), secret: true);

    /// <summary>Gives <paramref name="project"/> the development signing key, when there is one.</summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentSigningKey(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<ParameterResource>? signingKey) =>
        signingKey is null ? project : project.WithEnvironment(EnvironmentVariable, signingKey);
}
