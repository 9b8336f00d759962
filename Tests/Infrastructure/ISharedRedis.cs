namespace RedisAspire.Tests.Infrastructure;

/// <summary>A Redis that a collection's tests share (one server, or a cluster), each test under keys of its own.</summary>
public interface ISharedRedis
{
    /// <summary>StackExchange.Redis form: one endpoint, or every node of a cluster, and the password.</summary>
    string RedisConnectionString { get; }
}
