using Npgsql;
using RedisAspire.Core.Credentials;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A credential source that stands in for Entra ID on a local PostgreSQL: each call gives a login role a new password
/// (<c>ALTER ROLE ... PASSWORD</c>; the old one stops working for new log-ins at once, open sessions stay) and hands it
/// out as a short-lived "token".
/// </summary>
internal sealed class RotatingPostgresPasswords(string adminConnectionString, string role, TimeSpan lifetime) : IServerCredentialSource
{
    private readonly Lock gate = new();
    private readonly List<string> issued = [];

    /// <summary>Every password handed out, oldest first.</summary>
    public IReadOnlyList<string> Issued
    {
        get
        {
            lock (gate)
            {
                return [.. issued];
            }
        }
    }

    public async Task CreateRoleAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken)
    {
        string password;
        lock (gate)
        {
            // Letters and digits only: ALTER ROLE takes no parameters, so the password is part of the statement.
            password = $"pw{issued.Count + 1}x{Guid.NewGuid():N}";
            issued.Add(password);
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var alter = new NpgsqlCommand($"ALTER ROLE {role} PASSWORD '{password}'", connection);
        await alter.ExecuteNonQueryAsync(cancellationToken);
        return new ServerCredential(role, password, DateTimeOffset.UtcNow + lifetime);
    }
}
