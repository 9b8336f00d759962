using Npgsql;
using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A streaming read replica of a <see cref="PostgresServer"/>, on a free loopback port of its own: a base backup of the
/// primary taken by a replication role (<c>pg_basebackup -R</c>, which also writes the standby's connection to the
/// primary), started as a hot standby. Replay can be paused to make it lag on purpose.
/// </summary>
public sealed class PostgresReplica : IAsyncDisposable
{
    /// <summary>Generous: a base backup and a standby's start share two loaded cores with builds and other tests.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);

    private readonly TemporaryDirectory dataDirectory = new();
    private readonly ServerProcess process;

    private PostgresReplica(string primaryConnectionString, string replicationPassword)
    {
        var postgres = LocalInstallations.Postgres;
        var root = postgres.Root;
        var directoryInRoot = ServerDataLayout.Prepare(root, dataDirectory.Path, "postgres");
        var data = $"{directoryInRoot}/data";
        new ServerFiles(LocalInstallations.Processes).CreatePrivateDirectory(root, directoryInRoot, PostgresCluster.ServerAccount);

        var primary = new NpgsqlConnectionStringBuilder(primaryConnectionString);
        // Fast checkpoint: the backup starts at once instead of after the primary's next scheduled checkpoint.
        var backup = root.Command(PostgresCluster.ServerAccount, $"{postgres.BinDirectory}/pg_basebackup",
            "-d", $"host={primary.Host} port={primary.Port} user={ReplicationRole} password={replicationPassword}",
            "-D", data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync");
        var result = LocalInstallations.Processes.Run(backup, StartDeadline);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"pg_basebackup of {primary.Host}:{primary.Port} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        process = new ServerProcess(
            root.Command(PostgresCluster.ServerAccount, postgres.Postgres,
                "-D", data,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "hot_standby=on",
                "-p"),
            ServerProcess.FreePort());
        ConnectionString = new NpgsqlConnectionStringBuilder(primaryConnectionString) { Port = process.Port }.ConnectionString;
    }

    /// <summary>The login role the replica streams the primary's WAL as.</summary>
    public const string ReplicationRole = "replicator";

    /// <summary>Npgsql form, for the replica's copy of the primary's database, with the primary's user and password.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Creates the replication role on <paramref name="primary"/> (the default <c>pg_hba.conf</c> already lets it
    /// replicate over loopback), takes the base backup, starts the standby, and waits until it accepts connections
    /// and is in recovery.
    /// </summary>
    public static async Task<PostgresReplica> StartAsync(PostgresServer primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        using var deadline = new CancellationTokenSource(StartDeadline);
        var password = Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(deadline.Token);
            // Made here from a GUID, never from input: ALTER/CREATE ROLE take no parameters.
            await using var create = new NpgsqlCommand(
                $"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReplicationRole}') THEN
                        CREATE ROLE {ReplicationRole} REPLICATION LOGIN;
                    END IF;
                END $$;
                ALTER ROLE {ReplicationRole} PASSWORD '{password}';
                """,
                connection);
            await create.ExecuteNonQueryAsync(deadline.Token);
        }

        var replica = await Task.Run(() => new PostgresReplica(primary.ConnectionString, password), deadline.Token);
        try
        {
            replica.process.Start();
            await Eventually.HoldsAsync(replica.IsInRecoveryAsync, StartDeadline, $"the replica on port {replica.process.Port} accepts connections and is in recovery");
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    /// <summary>The WAL position the replica has replayed, in bytes.</summary>
    public Task<long> ReplayedAsync() =>
        ScalarAsync<long>(ConnectionString, "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint");

    /// <summary>Waits until the replica has replayed everything <paramref name="primary"/> had written when this was called.</summary>
    public async Task CatchUpAsync(PostgresServer primary, TimeSpan deadline)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var written = await ScalarAsync<long>(primary.ConnectionString, "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
        await Eventually.HoldsAsync(async () => await ReplayedAsync() >= written, deadline, $"the replica replays the primary's WAL up to {written}");
    }

    /// <summary>Stops applying the WAL it receives (it keeps receiving it): what it answers stays as it is now.</summary>
    public async Task PauseReplayAsync()
    {
        await ScalarAsync<object>(ConnectionString, "SELECT pg_wal_replay_pause()");
        await Eventually.HoldsAsync(
            async () => await ScalarAsync<string>(ConnectionString, "SELECT pg_get_wal_replay_pause_state()") == "paused",
            StartDeadline, "the replica's replay is paused");
    }

    /// <summary>Applies the WAL again, from where it paused.</summary>
    public Task ResumeReplayAsync() => ScalarAsync<object>(ConnectionString, "SELECT pg_wal_replay_resume()");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await process.DisposeAsync();
        await ServerDataCleanup.DeleteAfterShutdownAsync(dataDirectory.Path);
        dataDirectory.Dispose();
    }

    private async Task<bool> IsInRecoveryAsync()
    {
        try
        {
            return await ScalarAsync<bool>(ConnectionString, "SELECT pg_is_in_recovery()");
        }
        catch (NpgsqlException)
        {
            // Not listening yet, or still starting up ("the database system is starting up").
            return false;
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        // Unpooled: a pooled session would outlive a restart of either server, and fail at its next use.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
