using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace RedisAspire.Api.Identity;

/// <summary>
/// The 401: a ProblemDetails that says whether the token was missing or refused, and why it was refused, in words
/// that name no part of the token.
/// </summary>
internal static class ChallengeProblemWriter
{
    public static async Task WriteAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        var refused = context.AuthenticateFailure is not null;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = refused ? "Bearer error=\"invalid_token\"" : "Bearer";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = refused ? "The bearer token was refused" : "A bearer token is needed",
            Detail = refused
                ? $"The token {Reason(context.AuthenticateFailure!)}."
                : "Send a token in the Authorization header (Authorization: Bearer TOKEN); in Development, ./eng/token.sh prints one.",
        };
        var writer = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem }).ConfigureAwait(false);
    }

    private static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException expired => $"expired at {expired.Expires:O}",
        SecurityTokenNotYetValidException => "is not valid yet",
        SecurityTokenInvalidAudienceException => "is meant for another audience",
        SecurityTokenInvalidIssuerException => "comes from an issuer this Api does not trust",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "has a signature this Api cannot verify",
        SecurityTokenMalformedException or ArgumentException => "is not a well-formed JWT",
        _ => "could not be validated",
    };
}
