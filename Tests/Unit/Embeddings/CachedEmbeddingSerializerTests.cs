using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class CachedEmbeddingSerializerTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 4, 9, 30, 15, 123, TimeSpan.FromHours(5.5));

    private readonly CachedEmbeddingSerializer serializer = new();

    [Fact]
    public void AnEmbeddingRoundTripsBitForBitWithItsModelAndCreationTime()
    {
        var vector = Vector(384);
        vector[0] = float.Epsilon;
        vector[1] = -0f;
        vector[2] = float.MaxValue;

        var read = serializer.Deserialize(Serialize(new CachedEmbedding(vector, "all-MiniLM-L6-v2", Created)));

        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), read.Vector.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal("all-MiniLM-L6-v2", read.ModelId);
        Assert.Equal(Created, read.CreatedAt);
        Assert.Equal(Created.Offset, read.CreatedAt!.Value.Offset);
    }

    [Fact]
    public void A384DimensionEmbeddingTakes1536BytesAfterItsHeader()
    {
        var bytes = Serialize(new CachedEmbedding(Vector(384), "all-MiniLM-L6-v2", Created));

        Assert.Equal(CachedEmbeddingSerializer.FixedHeaderSize + "all-MiniLM-L6-v2".Length + 1536, bytes.Length);
        Assert.Equal(bytes.Length, CachedEmbeddingSerializer.SizeOf(new CachedEmbedding(Vector(384), "all-MiniLM-L6-v2", Created)));
    }

    [Fact]
    public void AnEmbeddingWithoutModelOrCreationTimeReadsBackWithoutThem()
    {
        var read = serializer.Deserialize(Serialize(new CachedEmbedding([0.5f, -0.25f], null, null)));

        Assert.Equal([0.5f, -0.25f], read.Vector);
        Assert.Null(read.ModelId);
        Assert.Null(read.CreatedAt);
    }

    [Fact]
    public void AnEmptyModelIdIsKeptApartFromNone() =>
        Assert.Equal("", serializer.Deserialize(Serialize(new CachedEmbedding([1f], "", null))).ModelId);

    [Fact]
    public void TheHeaderAndComponentsAreLittleEndianWhateverTheHost()
    {
        var bytes = Serialize(new CachedEmbedding([1f, -2f], "m", null));

        Assert.Equal(
            new byte[]
            {
                CachedEmbeddingSerializer.FormatVersion, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, (byte)'m',
                0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
            },
            bytes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BothComponentPathsWriteAndReadTheSameLittleEndianBytes(bool hostIsLittleEndian)
    {
        // The byte-swapping path is the one a big-endian host takes; both are run here, on any host.
        var vector = Vector(384);
        var expected = new byte[vector.Length * sizeof(float)];
        for (var index = 0; index < vector.Length; index++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(expected.AsSpan(index * sizeof(float)), BitConverter.SingleToInt32Bits(vector[index]));
        }

        var written = new byte[expected.Length];
        CachedEmbeddingSerializer.WriteComponents(vector, written, hostIsLittleEndian);
        var read = new float[vector.Length];
        CachedEmbeddingSerializer.ReadComponents(expected, read, hostIsLittleEndian);

        Assert.Equal(expected, written);
        Assert.Equal(vector, read);
    }

    [Fact]
    public void AnEntryWrittenAsJsonBeforeTheBinaryFormatIsStillRead()
    {
        var writer = new ArrayBufferWriter<byte>();
        new SystemTextJsonCacheSerializer().Serialize(new CachedEmbedding([0.125f, -0.75f], "all-MiniLM-L6-v2", Created), writer);

        var read = serializer.Deserialize(writer.WrittenSpan);

        Assert.Equal([0.125f, -0.75f], read.Vector);
        Assert.Equal("all-MiniLM-L6-v2", read.ModelId);
        Assert.Equal(Created, read.CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("01")]
    [InlineData("01000300000000000000000000000000000000")]
    public void AValueShorterThanItsHeaderSaysIsRefused(string hex)
    {
        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(Convert.FromHexString(hex)));

        Assert.Contains("bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueCutShortInItsComponentsIsRefused()
    {
        var bytes = Serialize(new CachedEmbedding(Vector(384), "m", Created));

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));

        Assert.Contains("384 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueWithTrailingBytesIsRefused()
    {
        var bytes = Serialize(new CachedEmbedding([1f, 2f], "m", null));

        Assert.Throws<InvalidDataException>(() => serializer.Deserialize([.. bytes, 0]));
    }

    [Fact]
    public void AnUnknownFormatVersionIsRefused()
    {
        var bytes = Serialize(new CachedEmbedding([1f], "m", null));
        bytes[0] = 2;

        var error = Assert.Throws<InvalidDataException>(() => serializer.Deserialize(bytes));

        Assert.Contains("format version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFlagsANegativeDimensionAndABadModelIdAreRefused()
    {
        var flags = Serialize(new CachedEmbedding([1f], "m", null));
        flags[1] = 0x80;
        var negative = Serialize(new CachedEmbedding([1f], "m", null));
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(2), -1);
        var notUtf8 = Serialize(new CachedEmbedding([1f], "m", null));
        notUtf8[CachedEmbeddingSerializer.FixedHeaderSize] = 0xFF;

        Assert.Throws<InvalidDataException>(() => serializer.Deserialize(flags));
        Assert.Throws<InvalidDataException>(() => serializer.Deserialize(negative));
        Assert.Throws<InvalidDataException>(() => serializer.Deserialize(notUtf8));
    }

    [Fact]
    public void ACreationTimeOutOfRangeIsRefused()
    {
        var bytes = Serialize(new CachedEmbedding([1f], null, Created));
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(14), 15 * 60);

        Assert.Throws<InvalidDataException>(() => serializer.Deserialize(bytes));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"modelId\":\"m\"}")]
    [InlineData("{\"vector\":\"not numbers\"}")]
    public void BrokenJsonIsRefusedAsData(string json) =>
        Assert.Throws<InvalidDataException>(() => serializer.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void TheCacheSerializerSendsEmbeddingsToTheirFormatAndEverythingElseToJson()
    {
        var typed = new TypedCacheSerializer(new SystemTextJsonCacheSerializer()).With(serializer);
        var embedding = new ArrayBufferWriter<byte>();
        var other = new ArrayBufferWriter<byte>();

        typed.Serialize(new CachedEmbedding([1f], "m", null), embedding);
        typed.Serialize(new[] { 1f }, other);

        Assert.Equal(CachedEmbeddingSerializer.FormatVersion, embedding.WrittenSpan[0]);
        Assert.Equal("[1]", System.Text.Encoding.UTF8.GetString(other.WrittenSpan));
        Assert.Equal([1f], typed.Deserialize<CachedEmbedding>(embedding.WrittenSpan).Vector);
        Assert.Equal([1f], typed.Deserialize<float[]>(other.WrittenSpan));
    }

    [Fact]
    public void TheRegisteredCacheSerializerWritesEmbeddingsAsFloat32()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new());
        builder.Services.AddResultCache();
        builder.AddEmbeddings();
        using var services = builder.Services.BuildServiceProvider();
        var writer = new ArrayBufferWriter<byte>();

        services.GetRequiredService<ICacheSerializer>().Serialize(new CachedEmbedding([1f], "m", null), writer);

        Assert.Equal(CachedEmbeddingSerializer.FormatVersion, writer.WrittenSpan[0]);
    }

    private byte[] Serialize(CachedEmbedding value)
    {
        var writer = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static float[] Vector(int dimensions)
    {
        var random = new Random(dimensions);
        return [.. Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }
}
