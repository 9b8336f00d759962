using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>Api/Api.http</c> works as written: every request, sent in order to an Api of its own (its re-embedding and
/// eviction requests change what they touch), gets one of the answers it expects, and every endpoint has a request.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ApiHttpFileTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task EveryRequestOfTheApisHttpFileGetsAnAnswerItExpects()
    {
        using var client = api.CreateClient();
        var file = HttpFile.Parse(await File.ReadAllTextAsync("Api.http"), "Api_HostAddress", client.BaseAddress!.ToString());

        foreach (var request in file.Requests)
        {
            var (status, body) = await file.SendAsync(client, request);

            Assert.NotEmpty(request.Expected);
            Assert.True(request.Expected.Contains(status), $"{request.Title}: {request.Method} {request.Url} answered {status}: {body}");
        }
    }

    [Fact]
    public async Task EveryEndpointHasARequestInTheApisHttpFile()
    {
        var file = HttpFile.Parse(await File.ReadAllTextAsync("Api.http"), "Api_HostAddress", "http://localhost");
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>() is not null);

        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Single();
            var pattern = "^" + System.Text.RegularExpressions.Regex.Replace(
                "/" + endpoint.RoutePattern.RawText!.Trim('/'), @"\\\{[^/]+?\}|\{[^/]+?\}", "[^/?]+") + "(\\?.*)?$";
            Assert.True(
                file.Requests.Any(request => request.Method == method
                    && System.Text.RegularExpressions.Regex.IsMatch(request.Url.Replace("{{Api_HostAddress}}", "", StringComparison.Ordinal), pattern)),
                $"Api.http has no request for {method} {endpoint.RoutePattern.RawText}");
        }
    }
}
