using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class HitFieldsTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "fields",
        Dimension = 2,
        TagFields = ["tenant", "language", "category"],
        NumericFields = [new("updated_at", Sortable: true), new("priority")],
        TextFields = ["title"],
    };

    private static readonly VectorDocument Document = new(
        "doc-1",
        [1, 0],
        new Dictionary<string, string> { ["category"] = "policy", ["tenant"] = "tidewater" },
        new Dictionary<string, double> { ["priority"] = 0.1, ["updated_at"] = 1714600000 },
        new Dictionary<string, string> { ["title"] = "Insulin storage" });

    [Fact]
    public void EveryStoredFieldIsReturnedInTheSchemasOrderWithNumbersAsShortestRoundTripText() =>
        Assert.Equal(
            [
                new("tenant", "tidewater"), new("category", "policy"), new("updated_at", "1714600000"), new("priority", "0.1"),
                new("title", "Insulin storage"),
            ],
            HitFields.Of(Schema, Document.Tags, Document.Numbers, Document.Texts).ToList<KeyValuePair<string, string>>());

    [Fact]
    public void AVectorSetsElementAndARediSearchHashOfOneDocumentGiveTheSameFields()
    {
        var attributes = (string)VectorSetsElements.AddArguments(Schema, Document, "NOQUANT", m: null)[^1];
        var hash = RediSearchHashes.Fields(Schema, Document).ToArray();
        var reply = RedisResult.Create(
        [
            RedisResult.Create(1),
            RedisResult.Create((RedisValue)"doc-1"),
            RedisResult.Create([.. Schema.StoredFields.SelectMany(field => Value(hash, field) is { } value
                ? new[] { RedisResult.Create((RedisValue)field), RedisResult.Create(value) }
                : [])]),
        ]);

        var fromVectorSets = VectorSetsElements.StoredFields(Schema, RedisResult.Create((RedisValue)attributes));
        var fromRediSearch = RediSearchReplies.ParseSearch(reply, Schema).Hits.Single().Fields;

        Assert.Equal(fromVectorSets.ToList(), fromRediSearch.ToList());
        Assert.Equal(HitFields.Of(Schema, Document.Tags, Document.Numbers, Document.Texts).ToList(), fromVectorSets.ToList());
    }

    [Fact]
    public void StoredFieldsAreTheTagNumericAndTextFields() =>
        Assert.Equal(["tenant", "language", "category", "updated_at", "priority", "title"], Schema.StoredFields);

    private static RedisValue? Value(RedisValue[] hash, string field)
    {
        for (var index = 0; index + 1 < hash.Length; index += 2)
        {
            if (hash[index] == field)
            {
                return hash[index + 1];
            }
        }

        return null;
    }
}
