using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The bytes stored under a value key: a fixed header, the entry's tags, then the serialized value. Everything a
/// reader needs (strategy, logical expiry, XFetch's delta) comes back in the one <c>GET</c> that reads the value.
/// </summary>
/// <remarks>
/// Layout (little-endian): version (1 byte), strategy (1), stored-at unix ms (8), logical expiry unix ms, 0 for none
/// (8), recompute duration ms (4), tag bytes (2), the tags as UTF-8 joined by '\n', the value.
/// </remarks>
internal static class CacheEnvelope
{
    public const byte FormatVersion = 1;
    public const int HeaderSize = 24;
    private const char TagSeparator = '\n';

    /// <summary>Serializes <paramref name="value"/> behind its header.</summary>
    /// <exception cref="CacheValueTooLargeException">The serialized value is over <paramref name="maxValueBytes"/>.</exception>
    public static ReadOnlyMemory<byte> Create<T>(
        ICacheSerializer serializer, T value, EnvelopeHeader header, IReadOnlyList<string> tags, string key, int maxValueBytes)
    {
        var tagBytes = tags.Count == 0 ? [] : Encoding.UTF8.GetBytes(string.Join(TagSeparator, tags));
        if (tagBytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"The tags of cache key '{key}' take {tagBytes.Length} bytes; at most {ushort.MaxValue} are allowed.", nameof(tags));
        }

        var writer = new ArrayBufferWriter<byte>(HeaderSize + tagBytes.Length + 256);
        var prefix = writer.GetSpan(HeaderSize + tagBytes.Length);
        prefix[0] = FormatVersion;
        prefix[1] = (byte)header.Strategy;
        BinaryPrimitives.WriteInt64LittleEndian(prefix[2..], header.StoredAtMs);
        BinaryPrimitives.WriteInt64LittleEndian(prefix[10..], header.ExpiresAtMs);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[18..], header.RecomputeMs);
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[22..], (ushort)tagBytes.Length);
        tagBytes.CopyTo(prefix[HeaderSize..]);
        writer.Advance(HeaderSize + tagBytes.Length);

        serializer.Serialize(value, writer);
        var valueBytes = writer.WrittenCount - HeaderSize - tagBytes.Length;
        if (valueBytes > maxValueBytes)
        {
            throw new CacheValueTooLargeException(key, valueBytes, maxValueBytes);
        }

        return writer.WrittenMemory;
    }

    /// <summary>Reads the header and finds the serialized value; false when the bytes are not an envelope of this format.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out EnvelopeHeader header, out ReadOnlySpan<byte> value)
    {
        header = default;
        value = default;
        if (data.Length < HeaderSize || data[0] != FormatVersion)
        {
            return false;
        }

        var tagLength = BinaryPrimitives.ReadUInt16LittleEndian(data[22..]);
        if (data.Length < HeaderSize + tagLength)
        {
            return false;
        }

        header = new EnvelopeHeader(
            (ExpirationStrategy)data[1],
            BinaryPrimitives.ReadInt64LittleEndian(data[2..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[10..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[18..]));
        value = data[(HeaderSize + tagLength)..];
        return true;
    }

    /// <summary>The tags stored in an envelope.</summary>
    public static IReadOnlyList<string> ReadTags(ReadOnlySpan<byte> data)
    {
        var tagLength = BinaryPrimitives.ReadUInt16LittleEndian(data[22..]);
        return tagLength == 0 ? [] : Encoding.UTF8.GetString(data.Slice(HeaderSize, tagLength)).Split(TagSeparator);
    }
}

/// <summary>An envelope's header.</summary>
/// <param name="ExpiresAtMs">The logical expiry (unix ms) XFetch aims before and stale serving looks past; 0 for none.</param>
/// <param name="RecomputeMs">How long the factory took: XFetch's delta.</param>
internal readonly record struct EnvelopeHeader(ExpirationStrategy Strategy, long StoredAtMs, long ExpiresAtMs, int RecomputeMs)
{
    public bool HasExpiry => ExpiresAtMs > 0;

    public bool IsExpiredAt(long nowMs) => HasExpiry && nowMs >= ExpiresAtMs;
}
