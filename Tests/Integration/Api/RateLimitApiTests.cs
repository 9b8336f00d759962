using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>Each tenant has its own bucket of requests: one that empties it gets 429s with Retry-After; others do not notice.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class RateLimitApiTests(ApiFixture api)
{
    [Fact]
    public async Task ATenantOverItsLimitIsTooManyRequestsWithRetryAfterCountedByTenantAndAnotherTenantIsServed()
    {
        var (busy, quiet) = ($"busy-{Guid.NewGuid():N}", $"quiet-{Guid.NewGuid():N}");
        var refusals = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Name == "redisaspire.api.rate_limited")
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant")
                {
                    refusals.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();
        await using var limited = api.With(("RateLimits:Burst", "3"), ("RateLimits:PerSecond", "1"));
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Token([busy], admin: false));

        HttpStatusCode last = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 30 && last != HttpStatusCode.TooManyRequests; attempt++)
        {
            using var response = await client.GetAsync("/status");
            last = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        var (status, problem, refused) = await client.SendAsync(HttpMethod.Get, "/status", null);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.ToString());
        }

        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Contains(busy, refusals);
        using var other = limited.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Token([quiet], admin: false));
        await other.ExpectAsync(HttpMethod.Get, "/status", HttpStatusCode.OK);
    }
}
