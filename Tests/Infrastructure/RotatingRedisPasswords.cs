using RedisAspire.Core.Credentials;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A credential source that stands in for Entra ID on a local Redis: each call makes a new password for an ACL user
/// (<c>ACL SETUSER user &gt;password</c>, beside the ones it already has) and hands it out as a short-lived "token".
/// <see cref="RemoveAsync"/> takes a password away, as the expiry of a token would for new connections.
/// </summary>
internal sealed class RotatingRedisPasswords(IConnectionMultiplexer admin, string user, TimeSpan lifetime) : IServerCredentialSource
{
    private readonly Lock gate = new();
    private readonly List<string> issued = [];
    private int failuresToCome;

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

    /// <summary>Calls that were refused, as an identity endpoint that is down would refuse them.</summary>
    public int Failures { get; private set; }

    /// <summary>Makes the next <paramref name="count"/> calls fail.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresToCome, count);

    /// <summary>Creates the ACL user with no password yet: it can log in once the first password is handed out.</summary>
    public Task CreateUserAsync() => admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "reset", "on", "~*", "&*", "+@all");

    public async ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref failuresToCome) >= 0)
        {
            Failures++;
            throw new InvalidOperationException("The test identity endpoint refused to issue a token.");
        }

        Interlocked.Exchange(ref failuresToCome, 0);
        string password;
        lock (gate)
        {
            password = $"pw{issued.Count + 1}-{Guid.NewGuid():N}";
            issued.Add(password);
        }

        await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, ">" + password).WaitAsync(cancellationToken);
        return new ServerCredential(user, password, DateTimeOffset.UtcNow + lifetime);
    }

    /// <summary>The user no longer accepts <paramref name="password"/>; connections already authenticated with it stay so.</summary>
    public Task RemoveAsync(string password) => admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "<" + password);
}
