using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Caching;

namespace RedisAspire.Api.Apis;

/// <summary>Checks cache requests and turns what is wrong into a 400 naming the field.</summary>
public static class CacheRequestValidation
{
    public static ValidationProblem? Key(string key) => Check("key", () => CacheKeys.ValidateKey(key));

    public static ValidationProblem? Tag(string tag) => Check("tag", () => CacheKeys.ValidateTag(tag));

    public static ValidationProblem? StampedeLab(StampedeLabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (request.Callers is < 1 or > Core.Caching.StampedeLab.MaxCallers)
        {
            errors["callers"] = [$"callers must be between 1 and {Core.Caching.StampedeLab.MaxCallers}; it is {request.Callers}."];
        }

        if (request.Replicas is < 1 or > Core.Caching.StampedeLab.MaxReplicas)
        {
            errors["replicas"] = [$"replicas must be between 1 and {Core.Caching.StampedeLab.MaxReplicas}; it is {request.Replicas}."];
        }

        if (request.FactoryMilliseconds is < 1 or > Core.Caching.StampedeLab.MaxFactoryMilliseconds)
        {
            errors["factoryMilliseconds"] = [$"factoryMilliseconds must be between 1 and {Core.Caching.StampedeLab.MaxFactoryMilliseconds}; it is {request.FactoryMilliseconds}."];
        }

        if (StampedeLabRequest.ParseProtection(request.Protection) is null)
        {
            errors["protection"] = [$"protection '{request.Protection}' is unknown; use none, earlyRecompute, distributedLock or earlyRecompute,distributedLock."];
        }

        var strategy = StampedeLabRequest.ParseStrategy(request.Strategy);
        if (strategy is null)
        {
            errors["strategy"] = [$"strategy '{request.Strategy}' is unknown; use fixed, sliding or invalidation."];
        }
        else if (request.TimeToLiveSeconds is null && strategy != ExpirationStrategy.Invalidation)
        {
            errors["timeToLiveSeconds"] = [$"timeToLiveSeconds is required with the {strategy} strategy."];
        }

        if (request.TimeToLiveSeconds is { } seconds
            && (double.IsNaN(seconds) || seconds <= 0 || seconds > CachePolicy.MaxTimeToLive.TotalSeconds))
        {
            errors["timeToLiveSeconds"] = [$"timeToLiveSeconds must be above 0 and at most {CachePolicy.MaxTimeToLive.TotalSeconds:0}; it is {seconds}."];
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    private static ValidationProblem? Check(string field, Action validate)
    {
        try
        {
            validate();
            return null;
        }
        catch (ArgumentException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [Message(exception)] });
        }
    }

    /// <summary>The message without the " (Parameter 'x')" suffix ArgumentException adds.</summary>
    private static string Message(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", "", StringComparison.Ordinal);
}
