using Microsoft.Extensions.AI;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A chat client that counts the calls it passes on to <paramref name="inner"/>, each taking at least
/// <paramref name="latency"/>, as a remote model's does: so that callers arriving while an answer is being written
/// meet it in flight.
/// </summary>
internal sealed class CountingChatClient(IChatClient inner, TimeSpan latency = default) : DelegatingChatClient(inner)
{
    private int calls;

    /// <summary>How many calls were made.</summary>
    public int Calls => Volatile.Read(ref calls);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        return await base.GetResponseAsync(messages, options, cancellationToken);
    }
}
