namespace RedisAspire.Tests.Infrastructure;

/// <summary>A Redis started for one test class alone (one server, or a cluster), stopped and deleted on dispose.</summary>
public interface IStartedRedis : IAsyncDisposable
{
    /// <summary>StackExchange.Redis form: one endpoint, or every node of a cluster, and the password.</summary>
    string ConnectionString { get; }
}
