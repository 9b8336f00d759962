namespace RedisAspire.Tests.EndToEnd;

/// <summary>
/// Test classes whose whole apps run one after the other: each app is a Redis, a PostgreSQL and three .NET services, and
/// two of them side by side on a two-core machine slow each other's ingestion past the tests' deadlines.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WholeAppCollection
{
    public const string Name = "Whole app";
}
