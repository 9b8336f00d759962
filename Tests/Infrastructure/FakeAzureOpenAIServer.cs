using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers Azure OpenAI's embeddings route
/// (<c>POST /openai/deployments/{deployment}/embeddings</c>) with word-hash vectors of the dimension the request asks,
/// or <see cref="DefaultDimensions"/>, and its chat completions route
/// (<c>POST /openai/deployments/{deployment}/chat/completions</c>) with <see cref="ChatAnswer"/>: a stand-in for
/// deployments this machine cannot reach, so the real Azure OpenAI client, and models of another dimension than the
/// local ones, can be exercised.
/// </summary>
internal sealed class FakeAzureOpenAIServer : IAsyncDisposable
{
    /// <summary>The dimension of a deployment's vectors when a request does not shorten them.</summary>
    public const int DefaultDimensions = 48;

    private readonly WebApplication app;
    private readonly TimeSpan delay;
    private int requests;
    private int texts;
    private int chatRequests;
    private readonly List<string> prompts = [];

    private FakeAzureOpenAIServer(WebApplication app, TimeSpan delay) => (this.app, this.delay) = (app, delay);

    /// <summary>The endpoint to configure (<c>Embeddings:AzureOpenAI:Endpoint</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How many embedding requests were answered.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>How many texts were embedded.</summary>
    public int Texts => Volatile.Read(ref texts);

    /// <summary>How many chat completions were answered.</summary>
    public int ChatRequests => Volatile.Read(ref chatRequests);

    /// <summary>The last user message of each chat completion asked, in order.</summary>
    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (prompts)
            {
                return [.. prompts];
            }
        }
    }

    /// <summary>The chat deployment that refuses every prompt.</summary>
    public const string RefusingDeployment = "refusing";

    /// <summary>What a deployment answers a chat: its name, and the first passage of the prompt cited as [1].</summary>
    public static string ChatAnswer(string deployment, string firstPassage) => $"{deployment} read: {firstPassage} [1]";

    /// <summary>Starts a server whose every answer takes at least <paramref name="delay"/>, as a remote model's does.</summary>
    public static async Task<FakeAzureOpenAIServer> StartAsync(TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAzureOpenAIServer(app, delay);
        app.MapPost("/openai/deployments/{deployment}/embeddings", (HttpContext context) => server.EmbedAsync(context));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context) => server.CompleteAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Endpoint = new Uri(address + "/");
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task EmbedAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var root = request.RootElement;
        var input = root.GetProperty("input");
        string[] inputs = input.ValueKind == JsonValueKind.Array ? [.. input.EnumerateArray().Select(text => text.GetString()!)] : [input.GetString()!];
        Interlocked.Add(ref texts, inputs.Length);
        await Task.Delay(delay, context.RequestAborted);
        var dimensions = root.TryGetProperty("dimensions", out var asked) && asked.ValueKind == JsonValueKind.Number ? asked.GetInt32() : DefaultDimensions;
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var generator = new WordHashEmbeddingGenerator(dimensions);
        var data = inputs.Select((text, index) =>
        {
            var vector = generator.VectorOf(text);
            object embedding = base64 ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()).ToArray()) : vector;
            return new { @object = "embedding", index, embedding };
        });
        await context.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            data,
            model = context.Request.RouteValues["deployment"],
            usage = new { prompt_tokens = inputs.Length, total_tokens = inputs.Length },
        });
    }

    private async Task CompleteAsync(HttpContext context)
    {
        Interlocked.Increment(ref chatRequests);
        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var prompt = request.RootElement.GetProperty("messages").EnumerateArray()
            .Last(message => message.GetProperty("role").GetString() == "user").GetProperty("content");
        // The client sends a message's content as a string, or as parts of which the text ones count.
        var text = prompt.ValueKind == JsonValueKind.String
            ? prompt.GetString()!
            : string.Concat(prompt.EnumerateArray().Where(part => part.GetProperty("type").GetString() == "text").Select(part => part.GetProperty("text").GetString()));
        lock (prompts)
        {
            prompts.Add(text);
        }

        await Task.Delay(delay, context.RequestAborted);
        var deployment = (string)context.Request.RouteValues["deployment"]!;
        if (deployment == RefusingDeployment)
        {
            // A 400 is not retried by the client, as a content filter's refusal is not.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "content_filter", message = "The prompt was refused." } });
            return;
        }

        // The prompt's passages are a header line ("[1] document: ...") and a text line each.
        var lines = text.Split('\n');
        var first = Array.FindIndex(lines, line => line.StartsWith("[1] ", StringComparison.Ordinal));
        await context.Response.WriteAsJsonAsync(new
        {
            id = $"chatcmpl-{ChatRequests}",
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model = deployment,
            choices = new[]
            {
                new
                {
                    index = 0,
                    message = new { role = "assistant", content = ChatAnswer(deployment, first >= 0 && first + 1 < lines.Length ? lines[first + 1] : "nothing") },
                    finish_reason = "stop",
                },
            },
            usage = new { prompt_tokens = text.Length / 4, completion_tokens = 16, total_tokens = (text.Length / 4) + 16 },
        });
    }
}
