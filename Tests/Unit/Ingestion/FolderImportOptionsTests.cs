using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class FolderImportOptionsTests
{
    private static readonly string AbsoluteRoot = Path.GetFullPath(Path.Join(Path.GetTempPath(), "documents"));

    [Fact]
    public void WithoutSettingsFolderImportIsDisabled()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.False(options.IsEnabled);
        Assert.Null(options.OnStart);
    }

    [Fact]
    public void SettingsAreReadFromTheFolderImportSection()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["Ingestion:FolderImport:Root"] = AbsoluteRoot,
            ["Ingestion:FolderImport:OnStart"] = "menus",
            ["Ingestion:FolderImport:Tenant"] = "harbor-bistro",
            ["Ingestion:FolderImport:Language"] = "en",
        });

        Assert.True(options.IsEnabled);
        Assert.Equal((AbsoluteRoot, "menus", "harbor-bistro", "en"), (options.Root, options.OnStart, options.Tenant, options.Language));
    }

    [Fact]
    public void ABlankRootLeavesFolderImportDisabled() =>
        Assert.False(Options(new Dictionary<string, string?> { ["Ingestion:FolderImport:Root"] = "" }).IsEnabled);

    [Theory]
    [InlineData("Ingestion:FolderImport:Root", "Ingestion:FolderImport:Root", "relative/documents")]
    [InlineData("Ingestion:FolderImport:Tenant", "Ingestion:FolderImport:OnStart", "menus")]
    [InlineData("Ingestion:FolderImport:Language", "Ingestion:FolderImport:Language", " ")]
    public void ABadSettingFailsNamingIt(string named, string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static FolderImportOptions Options(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFolderImport();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<FolderImportOptions>>().Value;
    }
}
