using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// One Redis vector engine the hot tier can run on: a name, whether a server offers it, and how to open an index on it.
/// A new engine is a class of this interface and one <c>AddVectorEngine&lt;T&gt;()</c>; the hot tier picks among the
/// registered engines (<see cref="VectorEngineSelector"/>).
/// </summary>
public interface IVectorEngine
{
    /// <summary>Its name: the <c>Vectors:Engine</c> value that asks for it, and the engine indexes and answers report.</summary>
    string Name { get; }

    /// <summary>What a server offers when it has the engine, as a phrase: "the query engine (FT.SEARCH)".</summary>
    string Offering { get; }

    /// <summary>What a server without it lacks, as a phrase after "Redis 7.2.4 ": "has no query engine (FT.SEARCH)".</summary>
    string Lacking { get; }

    /// <summary>What to run to have it, as a phrase after "Run ": "Redis 8 or later".</summary>
    string Remedy { get; }

    /// <summary>Whether <paramref name="server"/> can hold an index on this engine.</summary>
    bool IsAvailable(RedisServerInfo server);

    /// <summary>The index of <paramref name="schema"/> on this engine.</summary>
    IVectorIndex Open(IConnectionMultiplexer redis, VectorIndexSchema schema);
}
