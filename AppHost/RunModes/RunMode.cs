namespace RedisAspire.AppHost.RunModes;

/// <summary>How the AppHost runs Redis and PostgreSQL.</summary>
public enum RunMode
{
    /// <summary>Official Redis 8 and pgvector images, through a container runtime.</summary>
    Containers,

    /// <summary>redis-server and PostgreSQL with pgvector installed on this machine, started as executables.</summary>
    Executables,
}
