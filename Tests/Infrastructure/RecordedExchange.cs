namespace RedisAspire.Tests.Infrastructure;

/// <summary>One request and the answer it got.</summary>
/// <param name="Request">The method, the server and the path (no query: it may be long, and says nothing of who answered).</param>
/// <param name="Path">The path alone.</param>
/// <param name="Status">The status code.</param>
/// <param name="Answer">The answer's headers, a blank line and its body.</param>
internal sealed record RecordedExchange(string Request, string Path, int Status, string Answer);
