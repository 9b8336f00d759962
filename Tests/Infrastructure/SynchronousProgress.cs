namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once on the reporting thread (<see cref="Progress{T}"/>
/// posts to a synchronization context and may run the handler later), under a lock.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Lock gate = new();

    public void Report(T value)
    {
        lock (gate)
        {
            handler(value);
        }
    }
}
