using System.Globalization;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>The Stampede lab's form: the Api's limits checked before firing, then a <see cref="StampedeLabRequest"/>.</summary>
public sealed class StampedeLabForm
{
    /// <summary>The expiration strategies the lab accepts.</summary>
    public static readonly IReadOnlyList<string> Strategies = ["fixed", "sliding", "invalidation"];

    public string Callers { get; set; } = "200";
    public string Replicas { get; set; } = "4";
    public string FactoryMilliseconds { get; set; } = "200";
    public bool EarlyRecompute { get; set; }
    public bool DistributedLock { get; set; } = true;
    public bool UseL1 { get; set; }
    public string Strategy { get; set; } = "fixed";
    public string TimeToLiveSeconds { get; set; } = "60";

    public FormErrors Validate()
    {
        var errors = new FormErrors();
        Whole(Callers, "callers", 1, 1000, "Callers", errors);
        Whole(Replicas, "replicas", 1, 8, "Replicas", errors);
        Whole(FactoryMilliseconds, "factoryMilliseconds", 1, 5000, "The factory's time", errors);
        if (!Strategies.Contains(Strategy))
        {
            errors.Add("strategy", "The strategy is fixed, sliding or invalidation.");
        }

        if (TimeToLiveSeconds.Length == 0)
        {
            if (Strategy != "invalidation")
            {
                errors.Add("timeToLiveSeconds", "A fixed or sliding entry needs a lifetime; only invalidation may have none.");
            }
        }
        else if (!double.TryParse(TimeToLiveSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds <= 0)
        {
            errors.Add("timeToLiveSeconds", "The lifetime is a number of seconds above 0.");
        }

        return errors;
    }

    public StampedeLabRequest ToRequest() => new()
    {
        Callers = int.Parse(Callers, CultureInfo.InvariantCulture),
        Replicas = int.Parse(Replicas, CultureInfo.InvariantCulture),
        FactoryMilliseconds = int.Parse(FactoryMilliseconds, CultureInfo.InvariantCulture),
        Protection = (EarlyRecompute, DistributedLock) switch
        {
            (true, true) => "earlyRecompute,distributedLock",
            (true, false) => "earlyRecompute",
            (false, true) => "distributedLock",
            _ => "none",
        },
        UseL1 = UseL1,
        Strategy = Strategy,
        TimeToLiveSeconds = TimeToLiveSeconds.Length == 0 ? null : double.Parse(TimeToLiveSeconds, CultureInfo.InvariantCulture),
    };

    private static void Whole(string value, string field, int min, int max, string what, FormErrors errors)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            errors.Add(field, $"{what}: a whole number from {min:N0} to {max:N0}.");
        }
    }
}
