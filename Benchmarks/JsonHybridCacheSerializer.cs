using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;

namespace RedisAspire.Benchmarks;

/// <summary>HybridCache's serializer for the payload, with the same System.Text.Json options as the other arms.</summary>
internal sealed class JsonHybridCacheSerializer<T> : IHybridCacheSerializer<T>
{
    public T Deserialize(ReadOnlySequence<byte> source)
    {
        var reader = new Utf8JsonReader(source);
        return JsonSerializer.Deserialize<T>(ref reader, EmbeddingPayload.Json)!;
    }

    public void Serialize(T value, IBufferWriter<byte> target)
    {
        using var writer = new Utf8JsonWriter(target);
        JsonSerializer.Serialize(writer, value, EmbeddingPayload.Json);
    }
}
