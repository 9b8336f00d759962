using System.ComponentModel.DataAnnotations;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// Settings of the semantic answer cache (configuration section <c>Answers:Semantic</c>): defaults for every tenant,
/// each tenant's overrides under <c>Tenants:{tenant}</c>, and the false-hit audit.
/// </summary>
public sealed class SemanticAnswerCacheOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Answers:Semantic";

    /// <summary>The longest lifetime or window accepted.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(365);

    /// <summary>
    /// Whether <c>POST /ask</c> consults the semantic cache after an exact miss and records its new questions in it
    /// (<c>Answers:Semantic:Enabled</c>, on by default).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The name of the questions' vector index for embedding version 1; version n is <c>{IndexName}_vn</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Answers:Semantic:IndexName must be 1 to 64 letters, digits, '_', '.' or '-'.")]
    public string IndexName { get; set; } = "answers";

    /// <summary>The first part of the Redis keys of entries and their bookkeeping (and, on RediSearch, of the questions' hashes).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,32}$", ErrorMessage = "Answers:Semantic:KeyPrefix must be 1 to 32 letters, digits, '_', '.' or '-'.")]
    public string KeyPrefix { get; set; } = "answers";

    /// <summary>
    /// The largest cosine distance (1 - cosine) between a new question and an earlier one that still returns the
    /// earlier one's answer. See docs/semantic-cache.md for how to choose it.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Answers:Semantic:Threshold must be a cosine distance from 0 to 1.")]
    public double Threshold { get; set; } = 0.1;

    /// <summary>The most entries each tenant keeps; past it, the oldest are dropped.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Answers:Semantic:MaxEntries must be between 1 and 10000000.")]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Fixed (the default) or Sliding.</summary>
    [EnumDataType(typeof(SemanticExpiration), ErrorMessage = "Answers:Semantic:Expiration must be Fixed or Sliding.")]
    public SemanticExpiration Expiration { get; set; } = SemanticExpiration.Fixed;

    /// <summary>Fixed: each entry's lifetime. Sliding: the window each hit renews.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Sliding only: the lifetime no amount of hits extends an entry past.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How many nearest earlier questions a lookup considers: the nearest may have expired or lost its answer, and
    /// the next one within the threshold then answers.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Answers:Semantic:Candidates must be between 1 and 100.")]
    public int Candidates { get; set; } = 4;

    /// <summary>The share of semantic hits recomputed in the background to measure false hits, from 0 (none) to 1 (all).</summary>
    [Range(0.0, 1.0, ErrorMessage = "Answers:Semantic:AuditShare must be between 0 and 1.")]
    public double AuditShare { get; set; } = 0.1;

    /// <summary>How many audits may wait; a sample that finds the queue full is dropped (and counted), never waited for.</summary>
    [Range(1, 10_000, ErrorMessage = "Answers:Semantic:AuditQueueCapacity must be between 1 and 10000.")]
    public int AuditQueueCapacity { get; set; } = 32;

    /// <summary>How many audits run at once.</summary>
    [Range(1, 64, ErrorMessage = "Answers:Semantic:AuditConcurrency must be between 1 and 64.")]
    public int AuditConcurrency { get; set; } = 1;

    /// <summary>How long one audit's recomputation may take before it counts as failed.</summary>
    public TimeSpan AuditTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Overrides per tenant, by tenant name (<c>Answers:Semantic:Tenants:{tenant}:Threshold</c>, ...).</summary>
    public Dictionary<string, SemanticTenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The settings that apply to <paramref name="tenant"/>.</summary>
    public SemanticTenantPolicy For(string tenant)
    {
        var own = tenant is not null && Tenants.TryGetValue(tenant, out var found) ? found : null;
        var expiration = own?.Expiration ?? Expiration;
        var timeToLive = own?.TimeToLive ?? TimeToLive;
        return new SemanticTenantPolicy(
            own?.Threshold ?? Threshold,
            own?.MaxEntries ?? MaxEntries,
            expiration,
            timeToLive,
            expiration == SemanticExpiration.Sliding ? own?.MaxLifetime ?? MaxLifetime : timeToLive);
    }

    /// <summary>The settings' errors that data annotations cannot express, each naming its setting.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in PolicyErrors(SectionName, Expiration, TimeToLive, MaxLifetime))
        {
            yield return error;
        }

        if (AuditTimeout <= TimeSpan.Zero || AuditTimeout > TimeSpan.FromHours(1))
        {
            yield return new($"{SectionName}:AuditTimeout must be above zero and at most one hour; it is {AuditTimeout}.", [nameof(AuditTimeout)]);
        }

        foreach (var (tenant, own) in Tenants ?? [])
        {
            var section = $"{SectionName}:Tenants:{tenant}";
            if (SourceDocument.CheckTenant(tenant) is not null)
            {
                yield return new($"{section} does not name a tenant: tenant names are 1 to {SourceDocument.MaxTenantLength} letters, digits, '.', '_' or '-'.", [nameof(Tenants)]);
                continue;
            }

            if (own is null)
            {
                continue;
            }

            if (own.Threshold is { } threshold && (double.IsNaN(threshold) || threshold is < 0 or > 1))
            {
                yield return new($"{section}:Threshold must be a cosine distance from 0 to 1; it is {threshold}.", [nameof(Tenants)]);
            }

            if (own.MaxEntries is < 1 or > 10_000_000)
            {
                yield return new($"{section}:MaxEntries must be between 1 and 10000000; it is {own.MaxEntries}.", [nameof(Tenants)]);
            }

            if (own.Expiration is { } expiration && !Enum.IsDefined(expiration))
            {
                yield return new($"{section}:Expiration must be Fixed or Sliding.", [nameof(Tenants)]);
                continue;
            }

            foreach (var error in TenantErrors(section, own, For(tenant)))
            {
                yield return error;
            }
        }
    }

    // A tenant's errors name only what the tenant sets itself: a bad default is reported once, under the section.
    private static IEnumerable<ValidationResult> TenantErrors(string section, SemanticTenantOptions own, SemanticTenantPolicy policy)
    {
        if (own.TimeToLive is { } timeToLive && (timeToLive <= TimeSpan.Zero || timeToLive > MaxTimeToLive))
        {
            yield return new($"{section}:TimeToLive must be above zero and at most {MaxTimeToLive.TotalDays:0} days; it is {timeToLive}.", [nameof(Tenants)]);
            yield break;
        }

        if (own.MaxLifetime is { } maxLifetime && (maxLifetime <= TimeSpan.Zero || maxLifetime > MaxTimeToLive))
        {
            yield return new($"{section}:MaxLifetime must be above zero and at most {MaxTimeToLive.TotalDays:0} days; it is {maxLifetime}.", [nameof(Tenants)]);
            yield break;
        }

        var setsLifetime = own.Expiration is not null || own.TimeToLive is not null || own.MaxLifetime is not null;
        if (setsLifetime && policy.Expiration == SemanticExpiration.Sliding && policy.MaxLifetime < policy.TimeToLive)
        {
            yield return new(
                $"{section}: with Sliding expiration, MaxLifetime ({policy.MaxLifetime}) must not be shorter than TimeToLive ({policy.TimeToLive}), the sliding window.",
                [nameof(Tenants)]);
        }
    }

    private static IEnumerable<ValidationResult> PolicyErrors(
        string section, SemanticExpiration expiration, TimeSpan timeToLive, TimeSpan maxLifetime)
    {
        if (timeToLive <= TimeSpan.Zero || timeToLive > MaxTimeToLive)
        {
            yield return new($"{section}:TimeToLive must be above zero and at most {MaxTimeToLive.TotalDays:0} days; it is {timeToLive}.", [nameof(TimeToLive)]);
        }

        if (expiration == SemanticExpiration.Sliding)
        {
            if (maxLifetime <= TimeSpan.Zero || maxLifetime > MaxTimeToLive)
            {
                yield return new($"{section}:MaxLifetime must be above zero and at most {MaxTimeToLive.TotalDays:0} days; it is {maxLifetime}.", [nameof(MaxLifetime)]);
            }
            else if (maxLifetime < timeToLive)
            {
                yield return new($"{section}:MaxLifetime ({maxLifetime}) must not be shorter than {section}:TimeToLive ({timeToLive}), the sliding window.", [nameof(MaxLifetime)]);
            }
        }
    }
}
