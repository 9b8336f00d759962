namespace RedisAspire.Tests.Infrastructure;

/// <summary>Tests whose claims are about timing run alone, after every other collection, not beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
