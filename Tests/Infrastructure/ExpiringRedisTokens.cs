using System.Collections.Concurrent;
using RedisAspire.Core.Credentials;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A credential source that stands in for Entra ID on a local Redis: each call makes a new ACL user with a password
/// and hands both out as a short-lived "token". <see cref="ExpireAsync"/> does what a server that authenticates by
/// token does when one expires: it closes every connection still signed in with it (<c>CLIENT KILL USER</c>, counted
/// in <see cref="ClosedByExpiry"/>) and refuses it from then on (<c>ACL DELUSER</c>). With <paramref name="alsoOn"/>, each
/// token is valid on that second server too, as one Entra ID token is on every Redis of a deployment.
/// </summary>
internal sealed class ExpiringRedisTokens(IConnectionMultiplexer admin, TimeSpan lifetime, IConnectionMultiplexer? alsoOn = null) : IServerCredentialSource
{
    private readonly IConnectionMultiplexer[] servers = alsoOn is null ? [admin] : [admin, alsoOn];
    private readonly ConcurrentQueue<ServerCredential> issued = new();
    private readonly string prefix = $"app-{Guid.NewGuid():N}"[..12];
    private int failuresToCome;
    private int expired;
    private long closedByExpiry;

    /// <summary>Every token handed out, oldest first.</summary>
    public IReadOnlyList<ServerCredential> Issued => [.. issued];

    /// <summary>Calls that were refused, as an identity endpoint that is down would refuse them.</summary>
    public int Failures { get; private set; }

    /// <summary>Tokens expired so far.</summary>
    public int Expired => Volatile.Read(ref expired);

    /// <summary>Connections the server closed because they were still signed in with a token that expired.</summary>
    public long ClosedByExpiry => Interlocked.Read(ref closedByExpiry);

    /// <summary>Whether <paramref name="user"/> is one of the users this source made.</summary>
    public bool Made(string? user) => user?.StartsWith(prefix, StringComparison.Ordinal) == true;

    /// <summary>Makes the next <paramref name="count"/> calls fail.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresToCome, count);

    public async ValueTask<ServerCredential> GetAsync(string scope, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref failuresToCome) >= 0)
        {
            Failures++;
            throw new InvalidOperationException("The test identity endpoint refused to issue a token.");
        }

        Interlocked.Exchange(ref failuresToCome, 0);
        var user = $"{prefix}-{issued.Count + 1}";
        var password = Guid.NewGuid().ToString("N");
        foreach (var server in servers)
        {
            await server.GetDatabase().ExecuteAsync("ACL", "SETUSER", user, "reset", "on", ">" + password, "~*", "&*", "+@all").WaitAsync(cancellationToken);
        }

        var credential = new ServerCredential(user, password, DateTimeOffset.UtcNow + lifetime);
        issued.Enqueue(credential);
        return credential;
    }

    /// <summary>Until <paramref name="cancellationToken"/> is cancelled: each token expires at its <c>ExpiresOn</c>.</summary>
    public async Task ExpireAsync(CancellationToken cancellationToken)
    {
        var done = new HashSet<string>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var credential in issued.Where(credential => credential.ExpiresOn <= DateTimeOffset.UtcNow && done.Add(credential.User)))
                {
                    foreach (var server in servers)
                    {
                        var database = server.GetDatabase();
                        Interlocked.Add(ref closedByExpiry, (long)await database.ExecuteAsync("CLIENT", "KILL", "USER", credential.User));
                        await database.ExecuteAsync("ACL", "DELUSER", credential.User);
                    }

                    Interlocked.Increment(ref expired);
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
