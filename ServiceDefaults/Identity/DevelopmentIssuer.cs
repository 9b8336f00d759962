using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RedisAspire.ServiceDefaults.Identity;

/// <summary>
/// The local stand-in for Microsoft Entra ID: tokens signed with a key the AppHost makes at each start and hands to
/// the Api (to validate them) and to the dashboard (to sign its own). Only ever used in Development.
/// </summary>
public sealed class DevelopmentIssuer
{
    /// <summary>The issuer (<c>iss</c>) of development tokens.</summary>
    public const string Issuer = "redisaspire-development";

    /// <summary>The audience (<c>aud</c>) of development tokens: the Api.</summary>
    public const string Audience = "redisaspire-api";

    /// <summary>The setting that holds the signing key, base64: <c>Identity:DevelopmentSigningKey</c>.</summary>
    public const string SigningKeySetting = "Identity:DevelopmentSigningKey";

    /// <summary>The fewest bytes a signing key may have (HMAC-SHA256 wants at least 256 bits).</summary>
    public const int MinimumKeyBytes = 32;

    private readonly SymmetricSecurityKey key;

    /// <summary>An issuer signing with <paramref name="base64Key"/> (at least 32 bytes).</summary>
    public DevelopmentIssuer(string base64Key)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64Key);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{SigningKeySetting} is not base64.");
        }

        if (bytes.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"{SigningKeySetting} has {bytes.Length} bytes; at least {MinimumKeyBytes} are needed.");
        }

        key = new SymmetricSecurityKey(bytes) { KeyId = "development" };
    }

    /// <summary>The key tokens are signed with, for validating them.</summary>
    public SecurityKey SigningKey => key;

    /// <summary>A new random signing key, base64.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumKeyBytes));

    /// <summary>A signed token for <paramref name="subject"/> with the given tenant and role claims.</summary>
    public string Issue(string subject, IEnumerable<string> tenants, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(roles);
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, subject) };
        claims.AddRange(tenants.Select(tenant => new Claim(CallerClaims.Tenant, tenant)));
        claims.AddRange(roles.Select(role => new Claim(CallerClaims.Role, role)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
