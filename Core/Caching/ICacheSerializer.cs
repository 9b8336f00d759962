using System.Buffers;

namespace RedisAspire.Core.Caching;

/// <summary>Turns cached values into bytes and back; System.Text.Json unless a host registers another.</summary>
/// <remarks>
/// Values of a type with an <see cref="ICacheValueSerializer{T}"/> registered go through that one instead (see
/// <see cref="TypedCacheSerializer"/>). A reader that meets bytes which are not a value of its format throws
/// <see cref="InvalidDataException"/>: the cache then treats the entry as missing and the next store replaces it.
/// </remarks>
public interface ICacheSerializer
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize<T>(T value, IBufferWriter<byte> destination);

    /// <summary>Reads a value written by <see cref="Serialize{T}"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a value of this format.</exception>
    T Deserialize<T>(ReadOnlySpan<byte> source);
}
