using System.Globalization;
using System.Runtime.CompilerServices;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>Pages of the PostgreSQL manual as documents, for the ingestion and re-embedding suites.</summary>
internal static class ManualPages
{
    private const int DefaultCount = 300;

    /// <summary>How many pages <c>--documents</c> asks for (300 by default).</summary>
    public static int Count(string[] args) =>
        VectorSuite.Option(args, "--documents") is { } text ? int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : DefaultCount;

    /// <summary>The manual's first <paramref name="count"/> pages, in name order, through the folder import's HTML reading.</summary>
    public static async IAsyncEnumerable<SourceDocument> Read(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var taken = 0;
        var source = new FolderSource(ManualPassages.ManualDirectory(), new FolderImportDefaults("manual", "en"));
        await foreach (var item in source.ReadAsync(cancellationToken))
        {
            if (item.Document is { } document)
            {
                yield return document;
                if (++taken == count)
                {
                    yield break;
                }
            }
        }
    }
}
