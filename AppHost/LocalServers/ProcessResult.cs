namespace RedisAspire.AppHost.LocalServers;

/// <summary>How a short-lived process ended.</summary>
/// <param name="Started">False when the program could not be started at all (not installed, not executable).</param>
public sealed record ProcessResult(bool Started, int ExitCode, string StandardOutput, string StandardError)
{
    public static ProcessResult NotStarted(string reason) => new(false, -1, "", reason);

    public bool Succeeded => Started && ExitCode == 0;
}
