using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Tests.Unit.Ingestion.Queue;

[Trait("Category", "Unit")]
public sealed class IngestionQueueOptionsTests
{
    [Fact]
    public void WithoutSettingsTheDefaultsApply()
    {
        using var host = Build(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<IngestionQueueOptions>>().Value;

        Assert.Equal(
            ("ingest", "ingest-workers", 100_000, 5, TimeSpan.FromSeconds(60), 64, TimeSpan.FromSeconds(2), TimeSpan.FromHours(24), 256),
            (options.KeyPrefix, options.Group, options.MaxLength, options.MaxDeliveries, options.ClaimIdle, options.BatchSize, options.IdleWait, options.OperationTimeToLive, options.MaxDocumentsInFlight));
        Assert.Equal(TimeSpan.FromHours(1), options.IdleConsumerTimeout);
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", options.EffectiveConsumerName);
        var keys = new IngestionQueueKeys(options.KeyPrefix);
        Assert.Equal(("{ingest}:stream", "{ingest}:dead", "{ingest}:op:abc"), (keys.Stream.ToString(), keys.DeadLetters.ToString(), keys.Operation("abc").ToString()));
    }

    [Fact]
    public void SettingsAreReadFromTheIngestionQueueSection()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Ingestion:Queue:KeyPrefix"] = "tenant-a.ingest",
            ["Ingestion:Queue:ConsumerName"] = "worker-1",
            ["Ingestion:Queue:ClaimIdle"] = "00:05:00",
            ["Ingestion:Queue:MaxDocumentsInFlight"] = "16",
        });

        var options = host.Services.GetRequiredService<IOptions<IngestionQueueOptions>>().Value;

        Assert.Equal(("tenant-a.ingest", "worker-1", TimeSpan.FromMinutes(5), 16), (options.KeyPrefix, options.EffectiveConsumerName, options.ClaimIdle, options.MaxDocumentsInFlight));
    }

    [Theory]
    [InlineData("Ingestion:Queue:KeyPrefix", "has{brace}")]
    [InlineData("Ingestion:Queue:KeyPrefix", "")]
    [InlineData("Ingestion:Queue:Group", "two words")]
    [InlineData("Ingestion:Queue:ConsumerName", "a/b")]
    [InlineData("Ingestion:Queue:MaxLength", "0")]
    [InlineData("Ingestion:Queue:MaxDeliveries", "0")]
    [InlineData("Ingestion:Queue:ClaimIdle", "00:00:00")]
    [InlineData("Ingestion:Queue:BatchSize", "0")]
    [InlineData("Ingestion:Queue:MaxDocumentsInFlight", "0")]
    [InlineData("Ingestion:Queue:IdleWait", "00:05:00")]
    [InlineData("Ingestion:Queue:OperationTimeToLive", "00:00:00")]
    [InlineData("Ingestion:Queue:MaxBatchDocuments", "0")]
    [InlineData("Ingestion:Queue:MaxEntryBytes", "10")]
    [InlineData("Ingestion:Queue:DeadLetterMaxLength", "0")]
    [InlineData("Ingestion:Queue:IdleConsumerTimeout", "00:00:00")]
    public void AnOutOfRangeSettingFailsWithItsName(string setting, string value)
    {
        using var host = Build(new Dictionary<string, string?> { [setting] = value });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<IngestionQueueOptions>>().Value);

        Assert.Contains(setting, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABatchLimitAboveTheStreamLengthFailsNamingBoth()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Ingestion:Queue:MaxLength"] = "100",
            ["Ingestion:Queue:MaxBatchDocuments"] = "101",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<IngestionQueueOptions>>().Value);

        Assert.Contains("Ingestion:Queue:MaxBatchDocuments", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Ingestion:Queue:MaxLength", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIdleConsumerTimeoutNotAboveTheIdleWaitFailsNamingBoth()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Ingestion:Queue:IdleWait"] = "00:00:05",
            ["Ingestion:Queue:IdleConsumerTimeout"] = "00:00:05",
        });

        var exception = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<IngestionQueueOptions>>().Value);

        Assert.Contains("Ingestion:Queue:IdleConsumerTimeout", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Ingestion:Queue:IdleWait", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSettingStopsTheStart()
    {
        using var host = Build(new Dictionary<string, string?> { ["Ingestion:Queue:MaxDeliveries"] = "1000" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("Ingestion:Queue:MaxDeliveries", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistrationsAlreadyMadeByTheHostAreKept()
    {
        var telemetry = new IngestionQueueTelemetry();
        using var host = Build(new Dictionary<string, string?>(), services => services.AddSingleton(telemetry));

        Assert.Same(telemetry, host.Services.GetRequiredService<IngestionQueueTelemetry>());
    }

    private static IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        before?.Invoke(builder.Services);
        builder.Services.AddIngestionQueue();
        return builder.Build();
    }
}
