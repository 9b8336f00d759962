using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class RediSearchRepliesTests
{
    private static readonly VectorIndexSchema Recorded = RecordedReplies.RecordedSchema;

    [Fact]
    public void TheRecordedHybridReplyGivesTheThreeFilteredDocumentsClosestFirst()
    {
        var result = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-hybrid-knn"), Recorded);

        Assert.Equal(3, result.Total);
        Assert.Equal(["doc:1", "doc:2", "doc:6"], result.Hits.Select(h => h.Id));
        Assert.Equal([0, 0.00611627101898, 1], result.Hits.Select(h => h.Distance!.Value));
        Assert.Equal([1, 1 - 0.00611627101898, 0], result.Hits.Select(h => h.Similarity!.Value));
        Assert.Equal("Insulin storage policy v3", result.Hits[0].Fields["title"]);
        Assert.False(result.Hits[0].Fields.ContainsKey("score"));
    }

    [Fact]
    public void ALimitedReplyKeepsTheFullTotal()
    {
        var result = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-hybrid-knn-limit"), Recorded);

        Assert.Equal(3, result.Total);
        Assert.Equal(2, result.Hits.Count);
    }

    [Fact]
    public void AnEmptyReplyHasNoHits()
    {
        var result = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-no-match"), Recorded);

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public void TheEscapedHostileTenantMatchesNothingWhileTheUnescapedOneLeaksAnotherTenant()
    {
        var escaped = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-escaped-tag-injection"), Recorded);
        var unescaped = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-unescaped-tag-injection"), Recorded);

        Assert.Empty(escaped.Hits);
        Assert.Equal(5, unescaped.Total);
        Assert.All(unescaped.Hits, h => Assert.Equal("tidewater", h.Fields["tenant"]));
    }

    [Fact]
    public void AReplyWithEveryFieldLeavesTheVectorBytesOut()
    {
        var hit = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-unescaped-tag-injection"), Recorded).Hits[0];

        Assert.Equal(["language", "tenant", "title", "updated_at"], hit.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1714600000", hit.Fields["updated_at"]);
    }

    [Fact]
    public void ANumberAnotherWriterStoredInItsOwnNotationIsReturnedAsEveryEngineWritesIt()
    {
        var reply = RedisResult.Create(
        [
            RedisResult.Create(1),
            RedisResult.Create((RedisValue)"doc:1"),
            RedisResult.Create(
            [
                RedisResult.Create((RedisValue)"tenant"), RedisResult.Create((RedisValue)"tidewater"),
                RedisResult.Create((RedisValue)"updated_at"), RedisResult.Create((RedisValue)"1.7146E9"),
                RedisResult.Create((RedisValue)"title"), RedisResult.Create((RedisValue)"1.50"),
            ]),
        ]);

        var hit = RediSearchReplies.ParseSearch(reply, Recorded).Hits.Single();

        Assert.Equal("1714600000", hit.Fields["updated_at"]);
        Assert.Equal("1.50", hit.Fields["title"]);
        Assert.Equal("tidewater", hit.Fields["tenant"]);
    }

    [Fact]
    public void ARangeReplyGivesEveryDocumentWithinTheRadius()
    {
        var result = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-range"), Recorded);

        Assert.Equal(5, result.Total);
        Assert.All(result.Hits, h => Assert.InRange(h.Distance!.Value, 0, 0.1));
    }

    [Fact]
    public void AFilterOnlyReplyHasNoDistance()
    {
        var hit = Assert.Single(RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-filter-only"), Recorded).Hits);

        Assert.Equal("doc:4", hit.Id);
        Assert.Null(hit.Distance);
        Assert.Null(hit.Similarity);
        Assert.Equal("Oat milk latte allergens", hit.Fields["title"]);
    }

    [Fact]
    public void L2AndInnerProductDistancesAreReportedWithoutASimilarity()
    {
        var l2 = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-via-alias-l2"), Recorded with { Metric = VectorMetric.L2 });
        var ip = RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-ip"), Recorded with { Metric = VectorMetric.InnerProduct });

        Assert.Equal(0.0200000051409, l2.Hits[2].Distance);
        Assert.All(l2.Hits.Concat(ip.Hits), h => Assert.Null(h.Similarity));
        Assert.Equal(["doc:3", "doc:1", "doc:5"], ip.Hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 0.75)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.7, 0.0)]
    [InlineData(-1e-7, 1.0)]
    public void CosineSimilarityIsOneMinusTheDistanceClampedToTheUnitInterval(double distance, double similarity)
    {
        Assert.Equal(similarity, RediSearchReplies.Similarity(VectorMetric.Cosine, distance)!.Value, 12);
    }

    [Fact]
    public void FtInfoGivesDocumentsIndexingStateAndMemory()
    {
        var info = RediSearchReplies.ParseInfo(RecordedReplies.Reply("ft-info"));

        Assert.Equal("idx:embeddings", info.Name);
        Assert.Equal(6, info.NumDocs);
        Assert.False(info.Indexing);
        Assert.Equal(1, info.PercentIndexed);
        Assert.Equal(0, info.HashIndexingFailures);
        Assert.Equal(0.18669891357421875, info.VectorIndexSizeMb);
        Assert.Equal(0.20433807373046875, info.TotalIndexMemoryMb);
    }

    [Theory]
    [InlineData("ft-search-wrong-dim", "FT.SEARCH", RediSearchErrorKind.VectorSizeMismatch)]
    [InlineData("ft-search-syntax-error", "FT.SEARCH", RediSearchErrorKind.Syntax)]
    [InlineData("ft-search-unknown-index", "FT.SEARCH", RediSearchErrorKind.IndexNotFound)]
    [InlineData("ft-create-duplicate", "FT.CREATE", RediSearchErrorKind.IndexExists)]
    [InlineData("ft-create-bad-dim", "FT.CREATE", RediSearchErrorKind.BadArguments)]
    public void RecordedErrorRepliesBecomeAnExceptionNamingTheCommand(string name, string command, RediSearchErrorKind kind)
    {
        var reply = RecordedReplies.Reply(name);

        var error = Assert.Throws<RediSearchException>(() => RediSearchReplies.ThrowIfError(reply, command));

        Assert.Equal(command, error.Command);
        Assert.Equal(kind, error.Kind);
        Assert.StartsWith($"{command} failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorReplyFedToTheSearchParserThrowsTheSameException()
    {
        var error = Assert.Throws<RediSearchException>(() =>
            RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-search-wrong-dim"), Recorded));

        Assert.Equal(RediSearchErrorKind.VectorSizeMismatch, error.Kind);
        Assert.Contains("(8)", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AThrownServerErrorsMessageIsClassifiedTheSameWay()
    {
        var inner = new InvalidOperationException("idx:nope: no such index");

        var error = RediSearchReplies.FromServerError("FT.INFO", inner.Message, inner);

        Assert.Equal(RediSearchErrorKind.IndexNotFound, error.Kind);
        Assert.Same(inner, error.InnerException);
    }

    [Fact]
    public void ANonArrayReplyToASearchIsReportedAsUnexpected()
    {
        var error = Assert.Throws<RediSearchException>(() => RediSearchReplies.ParseSearch(RecordedReplies.Reply("ft-aliasadd"), Recorded));

        Assert.Equal("FT.SEARCH", error.Command);
        Assert.Contains("unexpected reply", error.Message, StringComparison.Ordinal);
    }
}
