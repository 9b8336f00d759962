using System.Net;

namespace RedisAspire.Web.Services;

/// <summary>
/// A call to the Api that failed: <see cref="Request"/> names it (<c>GET /cache/stats</c>). Pages show
/// <see cref="Title"/> and <see cref="Detail"/> rather than an exception page.
/// </summary>
public abstract class ApiException(string request, string title, string? detail, Exception? inner = null)
    : Exception($"{request}: {title}{(detail is null ? "" : $" ({detail})")}", inner)
{
    /// <summary>The call that failed, method and path.</summary>
    public string Request { get; } = request;

    /// <summary>What happened, in a sentence.</summary>
    public string Title { get; } = title;

    /// <summary>Why, when known.</summary>
    public string? Detail { get; } = detail;
}

/// <summary>The Api could not be reached, or gave no answer in time.</summary>
public sealed class ApiUnreachableException(string request, string detail, Exception? inner = null)
    : ApiException(request, "The Api could not be reached", detail, inner);

/// <summary>The Api answered with an error: its ProblemDetails, with the fields it found wrong.</summary>
public sealed class ApiProblemException(
    string request, HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
    : ApiException(request, title, detail)
{
    /// <summary>The HTTP status the Api answered with.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>Each field the Api found wrong, as the request wrote it (<c>k</c>, <c>filters.tenant</c>), with what is wrong.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
