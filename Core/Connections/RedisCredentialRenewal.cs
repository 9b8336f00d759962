using RedisAspire.Core.Credentials;
using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// Hands a renewed credential to one Redis connection, in two steps: the connection's options, which every connection
/// made from now on (a reconnect included) authenticates with, and <c>AUTH user secret</c> on every connected server,
/// which re-authenticates the live connections without closing them, so no call fails.
/// <para>
/// <c>IServer.ExecuteAsync</c> runs on a server's interactive connection, the only kind a multiplexer with Entra ID has:
/// subscriptions are made on connections of their own, which <see cref="HandedOverSubscriptions"/> replaces instead.
/// </para>
/// </summary>
internal static class RedisCredentialRenewal
{
    /// <summary>Sets the credential a new connection authenticates with; the multiplexer keeps this very options object.</summary>
    public static void UseFor(ConfigurationOptions options, ServerCredential credential)
    {
        options.User = credential.User;
        options.Password = credential.Secret;
    }

    /// <summary>
    /// <see cref="UseFor"/>, then <c>AUTH</c> on each connected server. A server that refuses throws (the renewal is then
    /// retried with backoff); a server that is not connected will authenticate with the new options when it connects.
    /// </summary>
    public static async Task RenewAsync(
        ConfigurationOptions options, IConnectionMultiplexer redis, ServerCredential credential, CancellationToken cancellationToken)
    {
        UseFor(options, credential);
        foreach (var server in redis.GetServers().Where(server => server.IsConnected))
        {
            try
            {
                await server.ExecuteAsync("AUTH", credential.User, credential.Secret).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisException exception)
            {
                // A new exception: the original's message could echo the command's arguments.
                throw new RedisException($"AUTH as {credential.User} failed on {server.EndPoint}: {exception.GetType().Name}");
            }
        }
    }
}
