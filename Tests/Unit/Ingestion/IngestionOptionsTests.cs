using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class IngestionOptionsTests
{
    [Fact]
    public void WithoutSettingsBatchesAndBoundsHaveTheirDefaults()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal((32, 64), (options.EmbedBatchSize, options.WriteBatchSize));
        Assert.Equal((100, 20), (options.Chunking.ChunkWords, options.Chunking.OverlapWords));
    }

    [Fact]
    public void SettingsAreBoundFromTheIngestionSectionWithChunkingUnderIt()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["Ingestion:EmbedBatchSize"] = "8",
            ["Ingestion:WriteBatchSize"] = "16",
            ["Ingestion:Chunking:ChunkWords"] = "100",
            ["Ingestion:Chunking:OverlapWords"] = "10",
        });

        Assert.Equal((8, 16), (options.EmbedBatchSize, options.WriteBatchSize));
        Assert.Equal((100, 10), (options.Chunking.ChunkWords, options.Chunking.OverlapWords));
    }

    [Theory]
    [InlineData("Ingestion:EmbedBatchSize", "0")]
    [InlineData("Ingestion:WriteBatchSize", "1001")]
    [InlineData("Ingestion:Chunking:OverlapWords", "150")]
    public void ASettingOutOfRangeStopsTheStartNamingIt(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    private static IngestionOptions Options(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddIngestionPipeline();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<IngestionOptions>>().Value;
    }
}
