using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace RedisAspire.Benchmarks.Load;

/// <summary>One call of the load: its kind, how long it took, its HTTP status (0: no answer) and what answered it.</summary>
internal readonly record struct LoadCall(string Kind, double Milliseconds, int Status, string Outcome)
{
    public bool Failed => Status is < 200 or >= 300;
}

/// <summary>
/// The mixed traffic of the load test, each client calling again as soon as it has its answer (closed loop) or after a
/// pause: out of every 20 calls, 11 searches with a tenant and language filter (a question from a pool of 300 and K
/// from 1 to 5, so the search-result cache holds some and not others), 8 embeddings of texts from the same pool (the
/// embedding cache's hits), and 1 document write.
/// </summary>
internal sealed class MixedTraffic(HttpClient http, IReadOnlyList<(string Text, string Tenant)> questions)
{
    /// <summary>Runs <paramref name="clients"/> loops for <paramref name="duration"/>; every call, in no order.</summary>
    public async Task<List<LoadCall>> RunAsync(int clients, TimeSpan duration, TimeSpan pause, string runId)
    {
        using var stop = new CancellationTokenSource(duration);
        var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var calls = new List<LoadCall>();
            for (var sequence = 0L; !stop.IsCancellationRequested; sequence++)
            {
                calls.Add(await CallAsync(client, sequence, runId));
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, CancellationToken.None);
                }
            }

            return calls;
        }));
        return [.. (await Task.WhenAll(loops)).SelectMany(calls => calls)];
    }

    /// <summary>Asks every question once (its embedding and a search), so that the load starts with warm caches.</summary>
    public async Task WarmAsync()
    {
        foreach (var (text, tenant) in questions)
        {
            await SendAsync("embedding", HttpMethod.Post, "/cache/embeddings", new { text }, null);
            await SendAsync("search", HttpMethod.Post, "/search", new { text, k = 5, filters = new { tenant, language = "en" } }, null);
        }
    }

    private Task<LoadCall> CallAsync(int client, long sequence, string runId)
    {
        var slot = (int)(sequence % 20);
        var (text, tenant) = questions[(int)((sequence * 7919 + client * 104729) % questions.Count)];
        return slot switch
        {
            0 => SendAsync("write", HttpMethod.Put, $"/documents/load-{runId}-{client}-{sequence}",
                new { tenant, language = "en", title = "Load note", body = $"A note written under load by client {client}, call {sequence}: {text}" },
                static _ => "accepted"),
            <= 8 => SendAsync("embedding", HttpMethod.Post, "/cache/embeddings", new { text }, static reply => reply.GetProperty("outcome").GetString()!),
            _ => SendAsync("search", HttpMethod.Post, "/search", new { text, k = 1 + (int)(sequence % 5), filters = new { tenant, language = "en" } },
                static reply => $"{reply.GetProperty("tier").GetString()}/{reply.GetProperty("result").GetString()}"),
        };
    }

    private async Task<LoadCall> SendAsync(string kind, HttpMethod method, string path, object body, Func<JsonElement, string>? outcome)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var said = response.IsSuccessStatusCode && outcome is not null
                ? outcome(await response.Content.ReadFromJsonAsync<JsonElement>())
                : response.IsSuccessStatusCode ? "ok" : $"{status}";
            return new LoadCall(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status, said);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new LoadCall(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0, exception.GetType().Name);
        }
    }
}
