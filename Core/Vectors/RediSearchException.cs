namespace RedisAspire.Core.Vectors;

/// <summary>A RediSearch command failed; carries the command name and the server's message, never the arguments (which hold vectors).</summary>
public sealed class RediSearchException : Exception
{
    /// <summary>Creates the exception for a failed command.</summary>
    public RediSearchException(string command, RediSearchErrorKind kind, string serverMessage, Exception? innerException = null)
        : base($"{command} failed ({kind}): {serverMessage}", innerException)
    {
        Command = command;
        Kind = kind;
        ServerMessage = serverMessage;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public RediSearchException()
        : this("unknown", RediSearchErrorKind.Other, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public RediSearchException(string message)
        : this("unknown", RediSearchErrorKind.Other, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public RediSearchException(string message, Exception innerException)
        : this("unknown", RediSearchErrorKind.Other, message, innerException)
    {
    }

    /// <summary>The command that failed, for example "FT.SEARCH".</summary>
    public string Command { get; }

    /// <summary>What went wrong.</summary>
    public RediSearchErrorKind Kind { get; }

    /// <summary>The server's error message.</summary>
    public string ServerMessage { get; }
}
