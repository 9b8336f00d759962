using System.Collections.Concurrent;
using System.Text;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A handler that keeps every answer an HTTP client got: the request line, the status, the headers and the body.</summary>
internal sealed class ExchangeRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<RecordedExchange> exchanges = new();

    /// <summary>Every exchange so far, in the order the answers came.</summary>
    public IReadOnlyList<RecordedExchange> Exchanges => [.. exchanges];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // Buffered, so that the caller still reads the body after it was kept here.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = new StringBuilder();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            answer.Append(header.Key).Append(": ").AppendJoin(", ", header.Value).Append('\n');
        }

        answer.Append('\n').Append(await response.Content.ReadAsStringAsync(cancellationToken));
        exchanges.Enqueue(new RecordedExchange(
            $"{request.Method} {request.RequestUri?.Host}:{request.RequestUri?.Port}{request.RequestUri?.AbsolutePath}",
            request.RequestUri?.AbsolutePath ?? "",
            (int)response.StatusCode,
            answer.ToString()));
        return response;
    }
}
