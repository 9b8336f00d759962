using System.Buffers;

namespace RedisAspire.Core.Caching;

/// <summary>
/// Turns cached values of one type into bytes and back, in place of the general <see cref="ICacheSerializer"/>: a
/// compact format for a type that is read often (embeddings) while every other type keeps the general one.
/// </summary>
/// <remarks>Registered in DI as <c>ICacheValueSerializer&lt;T&gt;</c>, it is found by the default serializer of <c>AddResultCache</c>.</remarks>
public interface ICacheValueSerializer<T>
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value written by <see cref="Serialize"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a value of this format (short, corrupt, an unknown version).</exception>
    T Deserialize(ReadOnlySpan<byte> source);
}
