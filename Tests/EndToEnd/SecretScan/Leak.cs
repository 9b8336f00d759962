namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>A secret found where it must not be.</summary>
/// <param name="Secret">Which secret (its name, never its value).</param>
/// <param name="Where">Which output: a resource's console, a service's telemetry, an answer, a page.</param>
/// <param name="Excerpt">The text around it, with the secret and anything else secret-like masked.</param>
internal sealed record Leak(string Secret, string Where, string Excerpt)
{
    public override string ToString() => $"{Secret} in {Where}: …{Excerpt}…";
}
