namespace RedisAspire.Core.Vectors;

/// <summary>What went wrong, as far as a RediSearch error reply says.</summary>
public enum RediSearchErrorKind
{
    /// <summary>An error this code does not recognise; the message has the server's words.</summary>
    Other,

    /// <summary>The index or alias does not exist.</summary>
    IndexNotFound,

    /// <summary>An index of that name already exists.</summary>
    IndexExists,

    /// <summary>The query vector's size does not match the index's dimension.</summary>
    VectorSizeMismatch,

    /// <summary>The query text could not be parsed.</summary>
    Syntax,

    /// <summary>A schema or command argument was refused.</summary>
    BadArguments,
}
