using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Benchmarks.Vectors;

/// <summary>all-MiniLM-L6-v2 embeddings of benchmark texts, kept on disk: the model takes minutes for tens of thousands of passages.</summary>
internal static class CachedEmbeddings
{
    private const int EmbedChunk = 2_000;

    /// <summary>
    /// The embeddings of <paramref name="texts"/>, in chunks of <see cref="EmbedChunk"/> cached one file each (named by
    /// the chunk's length and a hash of the model and its texts), so an interrupted first run resumes and a run over
    /// fewer documents reuses the chunks it shares with a larger one.
    /// </summary>
    public static async Task<float[][]> EmbedAsync(string[] texts, string cacheDirectory, TextWriter output)
    {
        const int dimensions = LocalEmbeddingGenerator.ModelDimensions;
        using var generator = new LocalEmbeddingGenerator();
        var vectors = new List<float[]>(texts.Length);
        var stopwatch = Stopwatch.StartNew();
        var (read, embedded) = (0, 0);
        foreach (var chunk in texts.Chunk(EmbedChunk))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                LocalEmbeddingGenerator.DefaultModelId + "\n" + string.Join('\n', chunk))))[..16];
            var path = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"embeddings-{chunk.Length}-{hash}.bin"));
            if (File.Exists(path) && await File.ReadAllBytesAsync(path) is var bytes && bytes.Length == chunk.Length * dimensions * sizeof(float))
            {
                for (var index = 0; index < chunk.Length; index++)
                {
                    vectors.Add(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(index * dimensions * sizeof(float), dimensions * sizeof(float))).ToArray());
                }

                read += chunk.Length;
                continue;
            }

            if (embedded == 0)
            {
                output.WriteLine($"Embeddings: passages through {LocalEmbeddingGenerator.DefaultModelId}, cached in {cacheDirectory} (the first run only).");
                stopwatch.Restart();
            }

            var embeddings = await generator.GenerateAsync(chunk);
            var buffer = new byte[chunk.Length * dimensions * sizeof(float)];
            var offset = 0;
            foreach (var embedding in embeddings)
            {
                var vector = embedding.Vector.ToArray();
                vectors.Add(vector);
                MemoryMarshal.AsBytes(vector.AsSpan()).CopyTo(buffer.AsSpan(offset));
                offset += dimensions * sizeof(float);
            }

            Directory.CreateDirectory(cacheDirectory);
            await File.WriteAllBytesAsync(path + ".tmp", buffer);
            File.Move(path + ".tmp", path, overwrite: true);
            embedded += chunk.Length;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {vectors.Count,6:N0} / {texts.Length:N0}  {embedded / stopwatch.Elapsed.TotalSeconds,5:0} texts/s"));
        }

        output.WriteLine($"Embeddings: {texts.Length:N0} ({read:N0} from the cache, {embedded:N0} embedded now).");
        return [.. vectors];
    }
}
