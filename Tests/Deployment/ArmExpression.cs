namespace RedisAspire.Tests.Deployment;

/// <summary>Reads what a snapshot leaves as an ARM expression: a value that comes from another module at deployment.</summary>
internal static class ArmExpression
{
    /// <summary>Whether <paramref name="value"/> is (or is built from) output <paramref name="output"/> of module <paramref name="module"/>.</summary>
    public static bool IsOutputOf(string? value, string module, string output) =>
        value is not null
        && value.StartsWith('[')
        && value.Contains($"'{module}-{{0}}'", StringComparison.Ordinal)
        && value.Contains($".outputs.{output}.value", StringComparison.Ordinal);
}
