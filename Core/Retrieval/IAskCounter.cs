namespace RedisAspire.Core.Retrieval;

/// <summary>Counts how often each document is an answer: the hot set is made of the most-asked documents.</summary>
internal interface IAskCounter
{
    /// <summary>Counts one ask for each of <paramref name="ids"/>, globally and for <paramref name="tenant"/>; never waits and never throws.</summary>
    void Record(string? tenant, IReadOnlyList<string> ids);
}
