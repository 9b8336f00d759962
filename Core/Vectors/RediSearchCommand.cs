namespace RedisAspire.Core.Vectors;

/// <summary>One RediSearch command as sent: its name and its arguments (strings, and byte arrays for vectors).</summary>
/// <param name="Name">The command name, for example "FT.SEARCH".</param>
/// <param name="Args">The arguments after the name, ready for <c>IDatabase.ExecuteAsync(Name, Args)</c>.</param>
internal sealed record RediSearchCommand(string Name, IReadOnlyList<object> Args);
