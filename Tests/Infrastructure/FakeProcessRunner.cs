using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>Answers helper-program runs from a table, and records what was asked.</summary>
internal sealed class FakeProcessRunner(Func<ProcessCommand, ProcessResult> answer) : IProcessRunner
{
    public List<ProcessCommand> Commands { get; } = [];

    public ProcessResult Run(ProcessCommand command, TimeSpan timeout, string? standardInput = null)
    {
        Commands.Add(command);
        return answer(command);
    }

    public static ProcessResult Output(string standardOutput) => new(true, 0, standardOutput, "");

    public static ProcessResult Failure(int exitCode, string standardError) => new(true, exitCode, "", standardError);
}
