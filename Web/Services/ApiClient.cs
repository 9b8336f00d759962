using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace RedisAspire.Web.Services;

/// <summary>
/// The dashboard's only way to the data: the Api, over HTTP, in the Api's own contract types. One file per area;
/// every failure is an <see cref="ApiException"/> naming the call.
/// </summary>
public sealed partial class ApiClient
{
    /// <summary>
    /// How long a read or an invalidation may take. A stopped Api behind Aspire's proxy accepts connections and never
    /// answers: these give up early so that a page says so; runs and searches (POSTs) keep the pipeline's longer limit.
    /// </summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromSeconds(8);

    public ApiClient(HttpClient http) : this(http, DefaultReadTimeout)
    {
    }

    // Not public: the typed-client factory must see one constructor only.
    internal ApiClient(HttpClient http, TimeSpan readTimeout)
    {
        this.http = http;
        this.readTimeout = readTimeout;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http;
    private readonly TimeSpan readTimeout;

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        var call = new Call(HttpMethod.Get, path);
        return await ReadAsync<T>(call, await SendAsync(call, content: null, cancellationToken), cancellationToken);
    }

    /// <summary>A GET whose 404 means "nothing there" rather than a failure.</summary>
    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        var call = new Call(HttpMethod.Get, path);
        var response = await SendAsync(call, content: null, cancellationToken, HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        return await ReadAsync<T>(call, response, cancellationToken);
    }

    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, CancellationToken cancellationToken)
    {
        var call = new Call(method, path);
        var response = await SendAsync(call, JsonContent.Create(body, options: Json), cancellationToken);
        return await ReadAsync<TResponse>(call, response, cancellationToken);
    }

    private async Task<T> SendForAsync<T>(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var call = new Call(method, path);
        return await ReadAsync<T>(call, await SendAsync(call, content: null, cancellationToken), cancellationToken);
    }

    private async Task SendWithoutAnswerAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new Call(method, path), content: null, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(
        Call call, HttpContent? content, CancellationToken cancellationToken, HttpStatusCode? alsoExpected = null)
    {
        HttpResponseMessage response;
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (call.Method == HttpMethod.Get || call.Method == HttpMethod.Delete)
        {
            reading.CancelAfter(readTimeout);
        }

        using (var request = new HttpRequestMessage(call.Method, call.Path) { Content = content })
        {
            try
            {
                response = await http.SendAsync(request, reading.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException
                                                  or TimeoutException or Polly.ExecutionRejectedException)
            {
                // Refused, unresolved, timed out, or the resilience pipeline gave up (its circuit open).
                throw new ApiUnreachableException(call.ToString(), Describe(exception), exception);
            }
        }

        if (response.IsSuccessStatusCode || response.StatusCode == alsoExpected)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(call, response, cancellationToken);
        }
    }

    private static async Task<ApiProblemException> ProblemAsync(Call call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ValidationProblemDetails? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json, cancellationToken);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            // Not a ProblemDetails (a proxy's page, an empty body): the status says what there is to say.
        }

        var title = string.IsNullOrWhiteSpace(problem?.Title)
            ? $"The Api answered {(int)response.StatusCode} {response.ReasonPhrase}"
            : problem.Title;
        var errors = problem is null ? [] : new Dictionary<string, string[]>(problem.Errors);
        return new ApiProblemException(call.ToString(), response.StatusCode, title, problem?.Detail, errors);
    }

    private static async Task<T> ReadAsync<T>(Call call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                    ?? throw Unreadable(call, response, "its body is empty");
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException)
            {
                throw Unreadable(call, response, exception.Message);
            }
        }
    }

    private static ApiProblemException Unreadable(Call call, HttpResponseMessage response, string why) =>
        new(call.ToString(), response.StatusCode, "The Api's answer could not be read", why, new Dictionary<string, string[]>());

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => $"Connection refused or lost: {exception.Message}",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => $"Its address could not be resolved: {exception.Message}",
        HttpRequestException => exception.Message,
        Polly.CircuitBreaker.BrokenCircuitException => "Too many recent calls failed; calls wait before trying again.",
        _ => "It did not answer in time.",
    };

    /// <summary>A call, as the dashboard names it in its messages: <c>GET /cache/stats</c>.</summary>
    private readonly record struct Call(HttpMethod Method, string Path)
    {
        public override string ToString() => $"{Method} {Path}";
    }
}
