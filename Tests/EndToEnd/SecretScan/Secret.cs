namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>A value that must never be seen outside the processes that use it, with every form it could be written in.</summary>
/// <param name="Name">What it is, as a failure names it: never the value.</param>
/// <param name="Forms">The value's bytes in each form (as configured, escaped, re-encoded).</param>
internal sealed record Secret(string Name, IReadOnlyList<byte[]> Forms);
