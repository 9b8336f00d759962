using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace RedisAspire.Core.Reembedding;

/// <summary>Registers re-embedding.</summary>
public static class ReembedHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="ReembedOptions"/> (section <c>Reembed</c>, checked at start-up) and registers
    /// <see cref="ReembedRunner"/>, which records a re-embedding (Api) and runs it (Worker). Needs
    /// <c>AddTwoTierRetrieval()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddReembedding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ReembedOptions>()
            .BindConfiguration(ReembedOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.RetireAfter >= TimeSpan.Zero, "Reembed:RetireAfter must not be negative.")
            .Validate(options => options.PollInterval > TimeSpan.Zero, "Reembed:PollInterval must be above zero.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ReembedRunner>();
        return builder;
    }
}
