using System.Buffers.Binary;

namespace RedisAspire.Core.Vectors;

/// <summary>Vectors as both engines store them: little-endian FLOAT32 bytes.</summary>
internal static class VectorEncoding
{
    /// <summary>The vector as little-endian FLOAT32 bytes, 4 per element, whatever the machine's byte order.</summary>
    public static byte[] ToFloat32Bytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    /// <summary>The vector read back from little-endian FLOAT32 bytes.</summary>
    public static float[] FromFloat32Bytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new ArgumentException($"A FLOAT32 vector takes a multiple of 4 bytes; got {bytes.Length}.", nameof(bytes));
        }

        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return vector;
    }
}
