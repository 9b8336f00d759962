namespace RedisAspire.Tests.Infrastructure;

/// <summary>A PostgreSQL with pgvector that a collection's or a class's tests share, each test in a schema of its own.</summary>
public interface ISharedPostgres
{
    /// <summary>A database created for the tests, with the <c>vector</c> extension.</summary>
    string PostgresConnectionString { get; }
}
