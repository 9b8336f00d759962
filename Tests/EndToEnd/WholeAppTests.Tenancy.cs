using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using RedisAspire.ServiceDefaults.Identity;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>
/// Tenancy and roles through the running app: a harbor-bistro caller sees only harbor-bistro's data in every endpoint and
/// is refused st-aidan-clinic's; a non-admin is refused every admin operation; an anonymous caller everything but health.
/// </summary>
public sealed partial class WholeAppTests
{
    private const string HarborBistro = "harbor-bistro";
    private const string StAidanClinic = "st-aidan-clinic";

    [Fact]
    public async Task AHarborBistroCallerSeesOnlyHarborBistrosDataInEveryEndpointAndIsForbiddenStAidanClinics()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var admin = await whole.CreateApiClientAsync([], timeout.Token);
        using var caller = await whole.CreateApiClientAsync([HarborBistro], timeout.Token, admin: false);
        var run = Guid.NewGuid().ToString("N");
        var (ours, theirs) = ($"oysters-{run}", $"insulin-{run}");
        var ourOperation = await AcceptedAsync(admin.PutAsJsonAsync($"/documents/{ours}", new { tenant = HarborBistro, title = "Oysters", body = "Our oysters are delivered fresh from the bay every morning." }, timeout.Token), timeout.Token);
        var theirOperation = await AcceptedAsync(admin.PutAsJsonAsync($"/documents/{theirs}", new { tenant = StAidanClinic, title = "Insulin", body = "Keep fresh insulin vials in the refrigerator every morning and evening." }, timeout.Token), timeout.Token);
        await WaitForOperationAsync(admin, ourOperation, timeout.Token);
        await WaitForOperationAsync(admin, theirOperation, timeout.Token);

        // Search: the caller's tenant by default, or named; the other tenant named is refused.
        foreach (var search in new object[]
        {
            new { text = "What is fresh every morning?", k = 10 },
            new { text = "What is fresh every morning?", k = 10, tier = "cold" },
            new { text = "What is fresh every morning?", k = 10, tier = "cold", filters = new { tenant = HarborBistro } },
        })
        {
            var hits = (await PostAsync(caller, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()).ToList();
            Assert.Equal([$"{ours}#0"], hits);
        }

        await ForbiddenAsync(caller.PostAsJsonAsync("/search", new { text = "insulin", filters = new { tenant = StAidanClinic } }, timeout.Token), "Another tenant's data", timeout.Token);

        // Documents and operations: the other tenant's are written or removed by no one else, and not even seen.
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync($"/documents/{ours}", timeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync($"/operations/{ourOperation}", timeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/documents/{theirs}", timeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/operations/{theirOperation}", timeout.Token)).StatusCode);
        await ForbiddenAsync(caller.PutAsJsonAsync($"/documents/{theirs}", new { tenant = StAidanClinic, body = "Insulin is kept warm." }, timeout.Token), "Another tenant's data", timeout.Token);
        await ForbiddenAsync(caller.DeleteAsync($"/documents/{theirs}?tenant={StAidanClinic}", timeout.Token), "Another tenant's data", timeout.Token);
        await ForbiddenAsync(caller.PostAsJsonAsync("/ingest/documents", new { documents = new[] { new { id = theirs, tenant = StAidanClinic, body = "Insulin is kept warm." } } }, timeout.Token), "Another tenant's data", timeout.Token);
        await WaitForOperationAsync(caller, await AcceptedAsync(caller.PutAsJsonAsync($"/documents/{ours}", new { title = "Oysters", body = "Our oysters come from the bay." }, timeout.Token), timeout.Token), timeout.Token);

        // Cache entries and tags: the caller's tenant's only.
        Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/cache/entries/tenant:{HarborBistro}:{run}", timeout.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caller.DeleteAsync($"/cache/tags/tenant:{HarborBistro}:{run}", timeout.Token)).StatusCode);
        await ForbiddenAsync(caller.GetAsync($"/cache/entries/tenant:{StAidanClinic}:{run}", timeout.Token), "Another tenant's or a shared cache entry", timeout.Token);
        await ForbiddenAsync(caller.DeleteAsync($"/cache/entries/tenant:{StAidanClinic}:{run}", timeout.Token), "Another tenant's or a shared cache entry", timeout.Token);
        await ForbiddenAsync(caller.DeleteAsync($"/cache/tags/tenant:{StAidanClinic}:{run}", timeout.Token), "Another tenant's or a shared cache entry", timeout.Token);

        // The other tenant's document is as it was; the caller's own removal goes through.
        var stored = await admin.GetFromJsonAsync<JsonElement>($"/documents/{theirs}", timeout.Token);
        Assert.Equal(StAidanClinic, stored.GetProperty("tags").GetProperty("tenant").GetString());
        await WaitForOperationAsync(caller, await AcceptedAsync(caller.DeleteAsync($"/documents/{ours}", timeout.Token), timeout.Token), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync($"/documents/{ours}", timeout.Token)).StatusCode);
    }

    [Fact]
    public async Task ANonAdminIsForbiddenEveryAdminOperationAndAnAnonymousCallerIsUnauthorizedEverywhereButHealth()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var anonymous = whole.App.CreateHttpClient("api");
        using var caller = await whole.CreateApiClientAsync([HarborBistro], timeout.Token, admin: false);
        // The running Api's own description (anyone may read it in Development) lists every operation and who may call it.
        var operations = Operations(await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", timeout.Token));
        var forAdmins = operations.Where(operation => operation.Roles?.Contains(CallerClaims.AdminRole) == true).ToList();
        Assert.True(operations.Count >= 25, $"only {operations.Count} operations described");
        Assert.True(forAdmins.Count >= 14, $"only {forAdmins.Count} operations for admins: {string.Join(", ", forAdmins.Select(operation => operation.Name))}");
        Assert.Equal(["POST /dev/token"], operations.Where(operation => operation.Roles is null).Select(operation => operation.Name));

        foreach (var operation in operations.Where(operation => operation.Roles is not null))
        {
            using var response = await SendAsync(anonymous, operation, timeout.Token);
            var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized, timeout.Token);
            Assert.True(problem.GetProperty("title").GetString() == "A bearer token is needed", $"{operation.Name}: {problem}");
        }

        foreach (var operation in forAdmins)
        {
            using var response = await SendAsync(caller, operation, timeout.Token);
            var problem = await ProblemAsync(response, HttpStatusCode.Forbidden, timeout.Token);
            Assert.True(problem.GetProperty("title").GetString() == "The caller lacks a role this operation needs", $"{operation.Name}: {problem}");
        }

        foreach (var open in new[] { "/health", "/alive" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(open, timeout.Token)).StatusCode);
        }
    }

    /// <summary>An operation of the Api's OpenAPI document: its method, its path template, and the roles it needs (null: no token).</summary>
    private sealed record DescribedOperation(string Method, string Path, IReadOnlyList<string>? Roles)
    {
        public string Name => $"{Method} {Path}";
    }

    private static List<DescribedOperation> Operations(JsonElement document) =>
    [
        .. document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => operation.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(operation => new DescribedOperation(
                operation.Name.ToUpperInvariant(),
                path.Name,
                operation.Value.TryGetProperty("security", out var security)
                    ? [.. security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject()).SelectMany(scheme => scheme.Value.EnumerateArray()).Select(role => role.GetString()!)]
                    : null))),
    ];

    /// <summary>Sends <paramref name="operation"/> with route values that pass each route's checks, so that only identity answers.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, DescribedOperation operation, CancellationToken cancellationToken)
    {
        var path = operation.Path
            .Replace("{key}", $"tenant:{HarborBistro}:k", StringComparison.Ordinal)
            .Replace("{tag}", $"tenant:{HarborBistro}:t", StringComparison.Ordinal)
            .Replace("{name}", "embeddings", StringComparison.Ordinal)
            .Replace("{id}", "1-0", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (operation.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { });
        }

        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>The operation a <c>202 Accepted</c> answer names.</summary>
    private static async Task<string> AcceptedAsync(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("operationId").GetString()!;
    }

    private static async Task ForbiddenAsync(Task<HttpResponseMessage> sending, string title, CancellationToken cancellationToken)
    {
        using var response = await sending;
        Assert.Equal(title, (await ProblemAsync(response, HttpStatusCode.Forbidden, cancellationToken)).GetProperty("title").GetString());
    }
}
