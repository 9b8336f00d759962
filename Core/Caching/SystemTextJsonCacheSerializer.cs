using System.Buffers;
using System.Text.Json;

namespace RedisAspire.Core.Caching;

/// <summary>
/// System.Text.Json with web defaults. Pass options with a source-generated context as their
/// <see cref="JsonSerializerOptions.TypeInfoResolver"/> to serialize without reflection.
/// </summary>
internal sealed class SystemTextJsonCacheSerializer(JsonSerializerOptions? options = null) : ICacheSerializer
{
    private readonly JsonSerializerOptions options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, options);
    }

    public T Deserialize<T>(ReadOnlySpan<byte> source) => JsonSerializer.Deserialize<T>(source, options)!;
}
