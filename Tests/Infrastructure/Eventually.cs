using System.Diagnostics;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline, instead of sleeping a fixed time and hoping.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test with <paramref name="what"/> at the deadline.</summary>
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > deadline)
            {
                Assert.Fail($"Not true within {deadline.TotalMilliseconds:0} ms: {what}");
            }

            await Task.Delay(5);
        }

        return watch.Elapsed;
    }
}
