using System.Buffers.Text;
using System.Text.Json;

namespace RedisAspire.Core.Credentials;

/// <summary>
/// Reads the <c>oid</c> claim (the principal's object id) from an Entra ID access token: Azure Managed Redis wants it as
/// the user name. The token is only decoded, not validated: it came straight from Entra ID, and the server validates it.
/// </summary>
public static class TokenObjectId
{
    /// <summary>The <c>oid</c> claim of <paramref name="accessToken"/>.</summary>
    /// <exception cref="FormatException">The token is not a JWT or has no <c>oid</c> claim (the message never holds the token).</exception>
    public static string Read(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("The access token is not a JWT (header.payload.signature).");
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            throw new FormatException("The access token's payload is not base64url.");
        }

        using var claims = JsonDocument.Parse(payload);
        return claims.RootElement.TryGetProperty("oid", out var oid) && oid.ValueKind == JsonValueKind.String && oid.GetString() is { Length: > 0 } value
            ? value
            : throw new FormatException("The access token has no 'oid' claim: is it an Entra ID token for a user or managed identity?");
    }
}
