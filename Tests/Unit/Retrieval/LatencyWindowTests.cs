using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class LatencyWindowTests
{
    [Fact]
    public void AnEmptyWindowHasNoPercentiles()
    {
        Assert.Equal(new LatencyPercentiles(0, null, null, null), new LatencyWindow(10).Percentiles());
    }

    [Fact]
    public void OneLatencyIsEveryPercentile()
    {
        var window = new LatencyWindow(10);
        window.Record(TimeSpan.FromMilliseconds(7.5));

        Assert.Equal(new LatencyPercentiles(1, 7.5, 7.5, 7.5), window.Percentiles());
    }

    [Fact]
    public void PercentilesAreNearestRanksOfTheLatenciesWhateverTheOrderTheyCameIn()
    {
        var window = new LatencyWindow(1000);
        foreach (var milliseconds in Enumerable.Range(1, 200).OrderBy(value => (value * 7919) % 200))
        {
            window.Record(TimeSpan.FromMilliseconds(milliseconds));
        }

        // Of 1..200 ms: the 100th, 190th and 198th smallest.
        Assert.Equal(new LatencyPercentiles(200, 100, 190, 198), window.Percentiles());
    }

    [Fact]
    public void AFullWindowKeepsOnlyTheMostRecentLatencies()
    {
        var window = new LatencyWindow(100);
        for (var old = 0; old < 250; old++)
        {
            window.Record(TimeSpan.FromSeconds(10));
        }

        for (var recent = 1; recent <= 100; recent++)
        {
            window.Record(TimeSpan.FromMilliseconds(recent));
        }

        Assert.Equal(new LatencyPercentiles(100, 50, 95, 99), window.Percentiles());
    }

    [Fact]
    public void AWindowWithRoomForNoLatencyIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyWindow(0));
    }

    [Fact]
    public async Task LatenciesRecordedFromManyThreadsWhileReadingAreAllCountedAndNeverTorn()
    {
        const int Threads = 8, PerThread = 20_000;
        var window = new LatencyWindow(Threads * PerThread);
        using var start = new Barrier(Threads + 1);
        var writers = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var index = 0; index < PerThread; index++)
                {
                    window.Record(TimeSpan.FromMilliseconds(5));
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();

        start.SignalAndWait();
        var whileWriting = new List<LatencyPercentiles>();
        while (!writers.All(writer => writer.IsCompleted))
        {
            whileWriting.Add(window.Percentiles());
        }

        await Task.WhenAll(writers);

        Assert.Equal(new LatencyPercentiles(Threads * PerThread, 5, 5, 5), window.Percentiles());
        Assert.All(whileWriting, seen => Assert.True(seen.Samples == 0 || seen is { P50: 5, P95: 5, P99: 5 }, seen.ToString()));
    }
}
