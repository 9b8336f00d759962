using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The embedding cache's value format: a small header and the vector as little-endian float32, 1,536 bytes for 384
/// dimensions where System.Text.Json wrote about 4,800, and read back by one copy instead of parsing 384 numbers.
/// </summary>
/// <remarks>
/// Layout (little-endian): version (1 byte, <see cref="FormatVersion"/>), flags (1: bit 0 a model id follows, bit 1 a
/// creation time is set), dimensions (int32), creation time as UTC ticks (int64, 0 when unset), its offset from UTC in
/// minutes (int16), model id bytes (uint16), the model id as UTF-8, the components. Entries written before this format
/// (System.Text.Json, always starting with '{') are still read, so an upgrade does not send every cached text back to
/// the model; they are replaced by this format when they expire. Anything else is refused with
/// <see cref="InvalidDataException"/>, which the cache treats as a miss.
/// </remarks>
internal sealed class CachedEmbeddingSerializer : ICacheValueSerializer<CachedEmbedding>
{
    /// <summary>The first byte of every value of this format; never '{', which starts the older JSON form.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The bytes before the model id.</summary>
    public const int FixedHeaderSize = 18;

    private const byte HasModelId = 1;
    private const byte HasCreatedAt = 2;
    private const int MaxOffsetMinutes = 14 * 60;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The options the cache's System.Text.Json default used when it wrote embeddings.
    private static readonly JsonSerializerOptions LegacyJson = new(JsonSerializerDefaults.Web);

    /// <summary>The size of <paramref name="value"/> in this format.</summary>
    public static int SizeOf(CachedEmbedding value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return FixedHeaderSize + (value.ModelId is null ? 0 : StrictUtf8.GetByteCount(value.ModelId)) + (value.Vector.Length * sizeof(float));
    }

    public void Serialize(CachedEmbedding value, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(destination);
        var modelLength = value.ModelId is null ? 0 : StrictUtf8.GetByteCount(value.ModelId);
        if (modelLength > ushort.MaxValue)
        {
            throw new ArgumentException($"The model id takes {modelLength} bytes; at most {ushort.MaxValue} are allowed.", nameof(value));
        }

        var size = FixedHeaderSize + modelLength + (value.Vector.Length * sizeof(float));
        var bytes = destination.GetSpan(size)[..size];
        bytes[0] = FormatVersion;
        bytes[1] = (byte)((value.ModelId is null ? 0 : HasModelId) | (value.CreatedAt is null ? 0 : HasCreatedAt));
        BinaryPrimitives.WriteInt32LittleEndian(bytes[2..], value.Vector.Length);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[6..], value.CreatedAt?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[14..], (short)(value.CreatedAt?.Offset.TotalMinutes ?? 0));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[16..], (ushort)modelLength);
        if (value.ModelId is not null)
        {
            StrictUtf8.GetBytes(value.ModelId, bytes.Slice(FixedHeaderSize, modelLength));
        }

        WriteComponents(value.Vector, bytes[(FixedHeaderSize + modelLength)..], BitConverter.IsLittleEndian);
        destination.Advance(size);
    }

    public CachedEmbedding Deserialize(ReadOnlySpan<byte> source)
    {
        if (!source.IsEmpty && source[0] == (byte)'{')
        {
            return ReadLegacyJson(source);
        }

        if (source.Length < FixedHeaderSize)
        {
            throw new InvalidDataException($"A cached embedding has a {FixedHeaderSize}-byte header; this value has {source.Length} bytes.");
        }

        if (source[0] != FormatVersion)
        {
            throw new InvalidDataException($"A cached embedding starts with format version {FormatVersion} (or '{{' for JSON); this one starts with byte {source[0]}.");
        }

        var flags = source[1];
        if ((flags & ~(HasModelId | HasCreatedAt)) != 0)
        {
            throw new InvalidDataException($"The cached embedding's flags byte {flags} has unknown bits.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(source[2..]);
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(source[6..]);
        var offsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(source[14..]);
        var modelLength = BinaryPrimitives.ReadUInt16LittleEndian(source[16..]);
        if (dimensions < 0 || (long)FixedHeaderSize + modelLength + (4L * dimensions) != source.Length)
        {
            throw new InvalidDataException(
                $"The cached embedding's header says {dimensions} dimensions and a {modelLength}-byte model id, {FixedHeaderSize}+{modelLength}+4x{dimensions} bytes; the value has {source.Length}.");
        }

        if ((flags & HasModelId) == 0 && modelLength != 0)
        {
            throw new InvalidDataException("The cached embedding has model id bytes but no model id flag.");
        }

        var modelId = (flags & HasModelId) == 0 ? null : ReadModelId(source.Slice(FixedHeaderSize, modelLength));
        var createdAt = (flags & HasCreatedAt) == 0 ? (DateTimeOffset?)null : ReadCreatedAt(ticks, offsetMinutes);
        var vector = new float[dimensions];
        ReadComponents(source[(FixedHeaderSize + modelLength)..], vector, BitConverter.IsLittleEndian);
        return new CachedEmbedding(vector, modelId, createdAt);
    }

    /// <summary>
    /// Writes the components as little-endian float32. On a little-endian host that is their memory, copied at once;
    /// elsewhere each one is byte-swapped. Tests call both paths on whatever host they run.
    /// </summary>
    internal static void WriteComponents(ReadOnlySpan<float> vector, Span<byte> destination, bool hostIsLittleEndian)
    {
        if (hostIsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(destination);
            return;
        }

        for (var index = 0; index < vector.Length; index++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(index * sizeof(float))..], vector[index]);
        }
    }

    /// <summary>Reads little-endian float32 components into <paramref name="vector"/>, the reverse of <see cref="WriteComponents"/>.</summary>
    internal static void ReadComponents(ReadOnlySpan<byte> source, Span<float> vector, bool hostIsLittleEndian)
    {
        if (hostIsLittleEndian)
        {
            source[..(vector.Length * sizeof(float))].CopyTo(MemoryMarshal.AsBytes(vector));
            return;
        }

        for (var index = 0; index < vector.Length; index++)
        {
            vector[index] = BinaryPrimitives.ReadSingleLittleEndian(source[(index * sizeof(float))..]);
        }
    }

    private static string ReadModelId(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new InvalidDataException("The cached embedding's model id is not UTF-8.", exception);
        }
    }

    private static DateTimeOffset ReadCreatedAt(long utcTicks, short offsetMinutes)
    {
        if (utcTicks is < 0 || utcTicks > DateTimeOffset.MaxValue.UtcTicks || Math.Abs((int)offsetMinutes) > MaxOffsetMinutes)
        {
            throw new InvalidDataException($"The cached embedding's creation time ({utcTicks} ticks, offset {offsetMinutes} minutes) is out of range.");
        }

        try
        {
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentOutOfRangeException exception)
        {
            // A time near the ends of the calendar that its offset would push past them.
            throw new InvalidDataException($"The cached embedding's creation time ({utcTicks} ticks, offset {offsetMinutes} minutes) is out of range.", exception);
        }
    }

    private static CachedEmbedding ReadLegacyJson(ReadOnlySpan<byte> source)
    {
        CachedEmbedding? value;
        try
        {
            value = JsonSerializer.Deserialize<CachedEmbedding>(source, LegacyJson);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException("The cached embedding starts like JSON but is not a JSON embedding.", exception);
        }

        return value?.Vector is null
            ? throw new InvalidDataException("The cached embedding's JSON holds no vector.")
            : value;
    }
}
