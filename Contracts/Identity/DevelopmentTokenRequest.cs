namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /dev/token</c> (Development only): whom the token is for.</summary>
/// <param name="Tenants">The tenants the caller may use.</param>
/// <param name="Admin">Whether the caller holds the admin role.</param>
/// <param name="Subject">The caller's name; <c>developer</c> when absent.</param>
/// <param name="Hours">How long the token lasts, 1 to 24; 8 when absent.</param>
public sealed record DevelopmentTokenRequest(IReadOnlyList<string>? Tenants, bool Admin = false, string? Subject = null, int? Hours = null);

/// <summary>A development token and when it expires.</summary>
/// <param name="Token">The bearer token: send it as <c>Authorization: Bearer TOKEN</c>.</param>
/// <param name="ExpiresAt">When it stops being accepted.</param>
public sealed record DevelopmentTokenResponse(string Token, DateTimeOffset ExpiresAt);
