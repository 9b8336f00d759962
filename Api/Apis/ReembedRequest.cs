namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>POST /reembed</c>; every field may be left out.</summary>
/// <param name="Provider">Local or AzureOpenAI; the configured provider when left out.</param>
/// <param name="Model">
/// The model: a local model's name (all-MiniLM-L6-v2, snowflake-arctic-embed-xs) or an Azure OpenAI deployment,
/// optionally DEPLOYMENT@DIMENSIONS; the configured model when left out.
/// </param>
/// <param name="Force">Embed again even when the live version already uses this model (after a change of chunking or input length).</param>
public sealed record ReembedRequest(string? Provider, string? Model, bool Force = false);
