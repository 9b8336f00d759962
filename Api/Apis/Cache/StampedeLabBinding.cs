using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Caching;

namespace RedisAspire.Api.Apis.Cache;

/// <summary>A stampede lab request as the run it asks for.</summary>
internal static class StampedeLabBinding
{
    /// <summary>The run <paramref name="request"/> describes; null, with what is wrong in <paramref name="errors"/>, when it is not valid.</summary>
    public static Core.Caching.StampedeLabRun? ToRun(this StampedeLabRequest request, RequestErrors errors)
    {
        errors.Require(request.Callers is >= 1 and <= StampedeLab.MaxCallers,
            "callers", $"callers must be between 1 and {StampedeLab.MaxCallers}; it is {request.Callers}.");
        errors.Require(request.Replicas is >= 1 and <= StampedeLab.MaxReplicas,
            "replicas", $"replicas must be between 1 and {StampedeLab.MaxReplicas}; it is {request.Replicas}.");
        errors.Require(request.FactoryMilliseconds is >= 1 and <= StampedeLab.MaxFactoryMilliseconds,
            "factoryMilliseconds", $"factoryMilliseconds must be between 1 and {StampedeLab.MaxFactoryMilliseconds}; it is {request.FactoryMilliseconds}.");
        var protection = ParseProtection(request.Protection);
        errors.Require(protection is not null,
            "protection", $"protection '{request.Protection}' is unknown; use none, earlyRecompute, distributedLock or earlyRecompute,distributedLock.");
        var strategy = EnumName.Parse<Core.Caching.ExpirationStrategy>(request.Strategy);
        errors.Require(strategy is not null, "strategy", $"strategy '{request.Strategy}' is unknown; use fixed, sliding or invalidation.");
        if (request.TimeToLiveSeconds is { } seconds)
        {
            errors.Require(!double.IsNaN(seconds) && seconds > 0 && seconds <= CachePolicy.MaxTimeToLive.TotalSeconds,
                "timeToLiveSeconds", $"timeToLiveSeconds must be above 0 and at most {CachePolicy.MaxTimeToLive.TotalSeconds:0}; it is {seconds}.");
        }
        else
        {
            errors.Require(strategy is null or Core.Caching.ExpirationStrategy.Invalidation,
                "timeToLiveSeconds", $"timeToLiveSeconds is required with the {strategy} strategy.");
        }

        return errors.Any ? null : new(
            request.Callers, request.Replicas, request.FactoryMilliseconds, protection!.Value, request.UseL1, strategy!.Value,
            request.TimeToLiveSeconds is { } lifetime ? TimeSpan.FromSeconds(lifetime) : null);
    }

    /// <summary>The protection named, or null when a name is unknown.</summary>
    private static StampedeProtection? ParseProtection(string? text)
    {
        var protection = StampedeProtection.None;
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (EnumName.Parse<StampedeProtection>(name) is not { } flag)
            {
                return null;
            }

            protection |= flag;
        }

        return protection;
    }
}
