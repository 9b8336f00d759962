using System.Runtime.CompilerServices;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// The test host keeps three thread-pool threads blocked for the whole run (vstest's message loop polls its socket,
/// xunit's runner waits for the assembly and its execution sink for its stop event: seen in stack dumps of the
/// running host). The pool keeps only as many threads ready as there are cores, so on a two-core machine every burst
/// of work, such as StackExchange.Redis reading a reply or firing its timeout check, waited for the pool to add a thread
/// (one per half second at best). Raising the minimum by what the host holds gives the tests the pool a service has.
/// </summary>
internal static class TestHostThreadPool
{
    private const int ThreadsTheHostHolds = 3;

    [ModuleInitializer]
    internal static void ReserveThreadsForTheHost()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + ThreadsTheHostHolds, completionPorts);
    }
}
