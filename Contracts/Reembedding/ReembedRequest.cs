using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /reembed</c>; every field may be left out.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReembedRequest
{
    /// <summary>Local or AzureOpenAI; the configured provider when left out.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// The model: a local model's name (all-MiniLM-L6-v2, snowflake-arctic-embed-xs) or an Azure OpenAI deployment,
    /// optionally DEPLOYMENT@DIMENSIONS; the configured model when left out.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>Embed again even when the live version already uses this model (after a change of chunking or input length).</summary>
    public bool Force { get; init; }
}
