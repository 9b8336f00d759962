using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>What the Api's tests check of an answer: its status, and for a problem the fields it names.</summary>
internal static class Problems
{
    /// <summary>Sends <paramref name="body"/> (JSON, when given) and returns the status and the parsed body (Undefined when empty).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>Checks for a 400 whose errors name <paramref name="field"/>; returns that field's messages.</summary>
    public static async Task<string[]> BadRequestNamingAsync(this HttpClient client, HttpMethod method, string path, string? body, string field)
    {
        var (status, problem, response) = await client.SendAsync(method, path, body);
        using (response)
        {
            Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {problem}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
            var texts = messages.EnumerateArray().Select(message => message.GetString()!).ToArray();
            Assert.All(texts, text => Assert.DoesNotContain("(Parameter '", text, StringComparison.Ordinal));
            return texts;
        }
    }

    /// <summary>Checks for a problem of <paramref name="status"/>; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpClient client, HttpMethod method, string path, HttpStatusCode status, string? body = null)
    {
        var (actual, problem, response) = await client.SendAsync(method, path, body);
        using (response)
        {
            Assert.True(actual == status, $"{actual}: {problem}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            return problem;
        }
    }

    /// <summary>Sends <paramref name="body"/> and checks for <paramref name="status"/>; returns the body.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpClient client, HttpMethod method, string path, HttpStatusCode status, object? body = null)
    {
        var (actual, content, response) = await client.SendAsync(method, path, body is null ? null : JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        response.Dispose();
        Assert.True(actual == status, $"{actual}: {content}");
        return content;
    }
}
