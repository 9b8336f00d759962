namespace RedisAspire.Core.Caching;

/// <summary>A value read back from Redis, with its envelope's header.</summary>
internal sealed record StoredValue<T>(T Value, EnvelopeHeader Header, int SizeBytes, IReadOnlyList<string> Tags);
