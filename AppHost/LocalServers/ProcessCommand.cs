namespace RedisAspire.AppHost.LocalServers;

/// <summary>A program and its arguments, passed as an argument vector (no shell in between).</summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
