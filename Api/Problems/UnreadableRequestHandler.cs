using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Validation;

namespace RedisAspire.Api.Problems;

/// <summary>
/// A request the framework could not read (malformed JSON, a value of the wrong type, an unknown field, a missing
/// body, a query value of the wrong type) is the caller's mistake: the same 400 as any invalid request, naming the field
/// the JSON reader stopped at or the parameter that could not be bound.
/// </summary>
internal sealed partial class UnreadableRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var (field, message) = badRequest.InnerException is JsonException json
            ? (FieldOf(json), WithoutPosition(json.Message))
            : (UnboundParameter().Match(badRequest.Message) is { Success: true } unbound ? unbound.Groups["name"].Value : "request", badRequest.Message);
        var problem = badRequest.StatusCode == StatusCodes.Status400BadRequest
            ? (IResult)RequestErrors.Problem(field, message, "The request could not be read")
            : TypedResults.Problem(badRequest.Message, statusCode: badRequest.StatusCode, title: "The request could not be read");
        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// The field the reader stopped at; for refused text, where inside it, or for a refused property name, the object
    /// that holds it.
    /// </summary>
    private static string FieldOf(JsonException json) => json is RefusedTextException refused
        ? FieldOf(refused.PropertyName && refused.Within.Length == 0 ? ParentOf(json.Path) : json.Path) + refused.Within
        : FieldOf(json.Path);

    /// <summary><c>$.filters.tenant</c> as the field <c>filters.tenant</c>; the whole body is <c>request</c>.</summary>
    private static string FieldOf(string? path) =>
        path is null or "$" ? "request" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary><c>$.metadata['a\u0000']</c> as <c>$.metadata</c>: the object that holds a property, rather than the property's name.</summary>
    private static string? ParentOf(string? path) =>
        path?.LastIndexOf("['", StringComparison.Ordinal) is > 0 and var bracket ? path[..bracket]
        : path?.LastIndexOf('.') is > 0 and var dot ? path[..dot]
        : path;

    // How the framework reports a query, route or header value it could not convert: Failed to bind parameter "int? count" from "many".
    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from ", RegexOptions.CultureInvariant)]
    private static partial Regex UnboundParameter();

    // The reader appends where it stopped (" Path: $.k | LineNumber: 0 | BytePositionInLine: 9."); the field says so.
    private static string WithoutPosition(string message) =>
        message.IndexOf(" Path: ", StringComparison.Ordinal) is var at and >= 0 ? message[..at] : message;
}
