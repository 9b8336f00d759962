using System.Buffers;
using System.Collections.Concurrent;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The cache's serializer when some value types have one of their own: a type with an
/// <see cref="ICacheValueSerializer{T}"/> (added with <see cref="With{T}"/> or registered in DI) goes through it, every
/// other type through the general serializer.
/// </summary>
/// <remarks>Each type is looked up once; a hit then costs one dictionary read to find its serializer.</remarks>
internal sealed class TypedCacheSerializer(ICacheSerializer general, IServiceProvider? services = null) : ICacheSerializer
{
    private readonly ConcurrentDictionary<Type, object?> byType = new();

    /// <summary>Serializes values of <typeparamref name="T"/> with <paramref name="serializer"/>.</summary>
    public TypedCacheSerializer With<T>(ICacheValueSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        byType[typeof(T)] = serializer;
        return this;
    }

    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        if (For<T>() is { } serializer)
        {
            serializer.Serialize(value, destination);
        }
        else
        {
            general.Serialize(value, destination);
        }
    }

    public T Deserialize<T>(ReadOnlySpan<byte> source) =>
        For<T>() is { } serializer ? serializer.Deserialize(source) : general.Deserialize<T>(source);

    private ICacheValueSerializer<T>? For<T>() =>
        (ICacheValueSerializer<T>?)byType.GetOrAdd(
            typeof(T), static (_, provider) => provider?.GetService(typeof(ICacheValueSerializer<T>)), services);
}
