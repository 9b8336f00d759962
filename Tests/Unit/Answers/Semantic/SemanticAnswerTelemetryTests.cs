using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers.Semantic;

namespace RedisAspire.Tests.Unit.Answers.Semantic;

[Trait("Category", "Unit")]
public sealed class SemanticAnswerTelemetryTests
{
    [Fact]
    public async Task TheAnswersMeterPublishesLookupsByOutcomeAndTheFalseHitRate()
    {
        var statistics = new SemanticAnswerStatistics();
        statistics.Hit();
        statistics.Miss();
        statistics.Miss();
        await using var audit = new SemanticAnswerAudit(Options.Create(new SemanticAnswerCacheOptions()), NullLogger<SemanticAnswerAudit>.Instance);
        using var meterFactory = new TestMeterFactory();
        using var telemetry = new SemanticAnswerTelemetry(meterFactory, statistics, audit);
        var measured = new List<(string Instrument, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, listening) =>
        {
            if (meterFactory.Meters.Contains(instrument.Meter))
            {
                listening.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measured.Add((instrument.Name, value, Tag(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measured.Add((instrument.Name, value, Tag(tags))));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Contains(("redisaspire.answers.semantic.lookups", 1d, "hit"), measured);
        Assert.Contains(("redisaspire.answers.semantic.lookups", 2d, "miss"), measured);
        Assert.Contains(("redisaspire.answers.semantic.false_hit_rate", 0d, null), measured);
        Assert.Contains(measured, measurement => measurement is { Instrument: "redisaspire.answers.semantic.audits", Tag: "dropped" });
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length == 0 ? null : tags[0].Value as string;

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }
}
