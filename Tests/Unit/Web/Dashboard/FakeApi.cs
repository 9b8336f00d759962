using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>
/// The Api as the dashboard's HttpClient sees it: canned answers (contract types serialized as the Api writes them)
/// by method and path, every request recorded. An unknown call is a 404 ProblemDetails, as the Api answers it.
/// </summary>
public sealed class FakeApi : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> answers = new();

    /// <summary>Every request, in order: "GET /status".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The bodies of the requests that had one, in order.</summary>
    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>When set, every call fails as a refused connection does.</summary>
    public bool Down { get; set; }

    public FakeApi Answer<T>(string call, T body) =>
        On(call, (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(body, options: Json) }));

    public FakeApi AnswerNoContent(string call) =>
        On(call, (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)));

    public FakeApi Problem(string call, HttpStatusCode status, string title, string? detail = null, Dictionary<string, string[]>? errors = null) =>
        On(call, (_, _) => Task.FromResult(ProblemResponse(status, title, detail, errors)));

    public FakeApi On(string call, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        answers[call] = answer;
        return this;
    }

    public int Count(string call) => Requests.Count(request => request == call);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        Requests.Enqueue(call);
        if (request.Content is not null)
        {
            Bodies.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
        }

        if (Down)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.test:80)");
        }

        return answers.TryGetValue(call, out var answer)
            ? await answer(request, cancellationToken)
            : ProblemResponse(HttpStatusCode.NotFound, "Not found", $"{call} is not an endpoint here.", null);
    }

    private static HttpResponseMessage ProblemResponse(HttpStatusCode status, string title, string? detail, Dictionary<string, string[]>? errors)
    {
        var problem = new Dictionary<string, object?> { ["title"] = title, ["status"] = (int)status, ["detail"] = detail };
        if (errors is not null)
        {
            problem["errors"] = errors;
        }

        return new HttpResponseMessage(status)
        {
            Content = JsonContent.Create(problem, mediaType: new("application/problem+json"), options: Json),
        };
    }
}
