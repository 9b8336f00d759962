using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Api.Identity;

/// <summary>
/// Who is calling, from their token: the tenants whose data they may use (a claim per tenant, never the request body)
/// and whether they hold the admin role, which may use every tenant. Handlers take it as a parameter.
/// </summary>
public sealed class Caller
{
    private readonly HashSet<string> tenants;

    internal Caller(string subject, IEnumerable<string> tenants, bool isAdmin)
    {
        Subject = subject;
        this.tenants = new HashSet<string>(tenants, StringComparer.Ordinal);
        IsAdmin = isAdmin;
    }

    /// <summary>The token's subject.</summary>
    public string Subject { get; }

    /// <summary>The tenants the token names.</summary>
    public IReadOnlyCollection<string> Tenants => tenants;

    /// <summary>Whether the caller holds the admin role.</summary>
    public bool IsAdmin { get; }

    /// <summary>The caller of the request being handled, as a handler parameter.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<Caller?>(Of(context));

    /// <summary>The caller of the request being handled, from its token's claims.</summary>
    internal static Caller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = context.RequestServices.GetRequiredService<IOptions<CallerIdentityOptions>>().Value;
        var user = context.User;
        return new Caller(
            user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? string.Empty,
            user.FindAll(identity.TenantClaim).Select(claim => claim.Value).Where(tenant => tenant.Length > 0),
            user.IsInRole(identity.AdminRole));
    }

    /// <summary>Whether the caller may use <paramref name="tenant"/>'s data.</summary>
    public bool MayUse(string tenant) => IsAdmin || tenants.Contains(tenant);

    /// <summary>
    /// The tenant a request acts for: the one it names in <paramref name="field"/>, which must be the caller's, or, when it
    /// names none, the caller's only tenant. With <paramref name="allTenants"/>, an admin naming none acts for every tenant
    /// (a null tenant). A name that is not a valid tenant name is returned as it is: the caller checks it.
    /// </summary>
    public TenantChoice ChooseTenant(string? named, string field, bool allTenants = false)
    {
        if (named is not null)
        {
            // A name that is no tenant's at all is passed on for the request's own checks to name with its other errors.
            return SourceDocument.CheckTenant(named) is not null || MayUse(named) ? new(named, null, null) : new(null, null, Forbidden(named, field));
        }

        if (IsAdmin)
        {
            return allTenants ? new(null, null, null) : new(null, $"{field} is required: an admin acts for the tenant it names.", null);
        }

        return tenants.Count switch
        {
            1 => new(tenants.First(), null, null),
            0 => new(null, $"The caller's token names no tenant, so there is no {field} it may use.", null),
            _ => new(null, $"{field} is required: the caller may use {string.Join(", ", tenants.Order(StringComparer.Ordinal))}.", null),
        };
    }

    /// <summary>Whether the caller may see an operation on <paramref name="operationTenants"/>: all of them its own.</summary>
    public bool MayUseAll(IReadOnlyCollection<string> operationTenants) =>
        IsAdmin || (operationTenants.Count > 0 && operationTenants.All(tenants.Contains));

    /// <summary>
    /// Whether the caller may read or invalidate the cache key or tag <paramref name="name"/>: one of its tenants' (see
    /// <see cref="TenantKeys"/>), or any for an admin.
    /// </summary>
    public bool MayUseCacheName(string name) => IsAdmin || (TenantKeys.OwnerOf(name) is { } owner && tenants.Contains(owner));

    /// <summary>The 403 of a cache key or tag the caller may not use.</summary>
    public ProblemHttpResult ForbiddenCacheName(string name, string field) => TypedResults.Problem(
        $"The {field} '{name}' is not the caller's: a tenant's cache {field}s start with {string.Join(" or ", tenants.Order(StringComparer.Ordinal).Select(TenantKeys.Of).DefaultIfEmpty("tenant:NAME:"))}, and other {field}s are shared, for the admin role only.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Another tenant's or a shared cache entry");

    /// <summary>The 403 of a request naming a tenant the caller may not use.</summary>
    public ProblemHttpResult Forbidden(string tenant, string field) => TypedResults.Problem(
        $"The caller may not use tenant '{tenant}' ({field}): its token names {(tenants.Count == 0 ? "no tenant" : string.Join(", ", tenants.Order(StringComparer.Ordinal)))}.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Another tenant's data");
}

/// <summary>
/// The tenant a request acts for (null: every tenant, for an admin), or why there is none: the request must name a valid
/// one (<see cref="Error"/>, for a 400 naming the field) or named one the caller may not use (<see cref="Forbidden"/>).
/// </summary>
public readonly record struct TenantChoice(string? Tenant, string? Error, ProblemHttpResult? Forbidden);
