namespace RedisAspire.Tests.Deployment;

/// <summary>What a finished command printed, and how it exited.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output, string Errors)
{
    /// <summary>Both streams, for assertion messages and for diagnostics printed on either.</summary>
    public string AllOutput => $"{Output}{Errors}";

    public override string ToString() => $"`{Command}` exited with {ExitCode}:{Environment.NewLine}{AllOutput}";
}
