extern alias Web;

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Contracts;
using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>The dashboard's client: the Api's answers as contract types, its errors as exceptions a page can show.</summary>
[Trait("Category", "Unit")]
public sealed class ApiClientTests
{
    private readonly FakeApi api = new();

    private ApiClient Client() => new(new HttpClient(api) { BaseAddress = new Uri("http://api.test") });

    [Fact]
    public void TheTypedClientFactoryCanMakeTheClient()
    {
        var services = new ServiceCollection();
        services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri("http://api.test"));

        using var provider = services.BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<ApiClient>());
    }

    [Fact]
    public async Task AProblemDetailsBecomesAnExceptionCarryingItsTitleDetailAndFieldErrors()
    {
        api.Problem("POST /search", HttpStatusCode.BadRequest, "The request is not valid", "k is out of range.",
            new() { ["k"] = ["k must be between 1 and 100; it is 0."] });

        var problem = await Assert.ThrowsAsync<ApiProblemException>(
            () => Client().SearchAsync(new SearchRequest { Text = "oysters", K = 0 }, CancellationToken.None));

        Assert.Equal("POST /search", problem.Request);
        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal("The request is not valid", problem.Title);
        Assert.Equal("k is out of range.", problem.Detail);
        Assert.Equal(["k must be between 1 and 100; it is 0."], problem.Errors["k"]);
    }

    [Fact]
    public async Task AnErrorWithoutAProblemDetailsIsNamedByItsStatus()
    {
        api.On("GET /status", (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            Content = new StringContent("<html>proxy error</html>", System.Text.Encoding.UTF8, "text/html"),
        }));

        var problem = await Assert.ThrowsAsync<ApiProblemException>(() => Client().GetStatusAsync(CancellationToken.None));

        Assert.Equal("The Api answered 502 Bad Gateway", problem.Title);
    }

    [Fact]
    public async Task ARefusedConnectionIsTheApiBeingUnreachableNamingTheCall()
    {
        api.Down = true;

        var unreachable = await Assert.ThrowsAsync<ApiUnreachableException>(() => Client().GetCacheStatisticsAsync(CancellationToken.None));

        Assert.Equal("GET /cache/stats", unreachable.Request);
        Assert.Equal("The Api could not be reached", unreachable.Title);
        Assert.Contains("Connection refused", unreachable.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadTheApiNeverAnswersIsTheApiBeingUnreachableOnceTheReadTimeoutPasses()
    {
        // A stopped Api behind Aspire's proxy: the connection is accepted, no answer ever comes.
        api.On("GET /hotset", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        var client = new ApiClient(new HttpClient(api) { BaseAddress = new Uri("http://api.test") }, TimeSpan.FromMilliseconds(50));

        var unreachable = await Assert.ThrowsAsync<ApiUnreachableException>(() => client.GetHotSetAsync(CancellationToken.None));

        Assert.Equal("GET /hotset", unreachable.Request);
        Assert.Equal("It did not answer in time.", unreachable.Detail);
    }

    [Fact]
    public async Task AMissingCacheKeyIsNullRatherThanAFailure()
    {
        var key = $"menu:{Guid.NewGuid():N}";

        Assert.Null(await Client().GetCacheEntryAsync(key, CancellationToken.None));
        Assert.Equal($"GET /cache/entries/{key.Replace(":", "%3A", StringComparison.Ordinal)}", Assert.Single(api.Requests));
    }

    [Fact]
    public async Task ACancelledCallIsACancellationNotAnUnreachableApi()
    {
        api.On("GET /status", async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        using var cancellation = new CancellationTokenSource();

        var call = Client().GetStatusAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
