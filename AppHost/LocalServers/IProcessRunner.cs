namespace RedisAspire.AppHost.LocalServers;

/// <summary>Runs short-lived helper programs (version checks, initdb) and collects their output.</summary>
public interface IProcessRunner
{
    /// <summary>Runs <paramref name="command"/> to its end, or kills it after <paramref name="timeout"/>.</summary>
    /// <param name="standardInput">Written to the process's standard input, which is then closed; null gives it none.</param>
    ProcessResult Run(ProcessCommand command, TimeSpan timeout, string? standardInput = null);
}
