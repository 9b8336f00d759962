using RedisAspire.Api.Apis;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Api;

[Trait("Category", "Unit")]
public sealed class DocumentRequestTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "embeddings",
        Dimension = 4,
        TagFields = ["tenant", "language", "colour"],
        NumericFields = [new("updated_at", Sortable: true), new("floor")],
    };

    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private static readonly DocumentRequest Valid = new()
    {
        Text = "The harbour ferry leaves the north quay every twenty minutes.",
        Title = "Ferry timetable",
        Tenant = "quayside",
        Language = "en",
        Tags = new() { ["colour"] = "blue" },
        Numbers = new() { ["floor"] = 3 },
    };

    [Fact]
    public void EveryFieldIsCarriedAndTagsAndNumbersReachTheTiersThroughTheMetadata()
    {
        var errors = new Dictionary<string, string[]>();

        var document = Valid.ToSourceDocument("ferry", Schema, Now, errors);

        Assert.Empty(errors);
        Assert.NotNull(document);
        Assert.Equal(("ferry", "quayside", "en", "Ferry timetable", Valid.Text, Now),
            (document.Id, document.Tenant, document.Language, document.Title, document.Body, document.UpdatedAt));

        // The tiers read the index's other fields from the metadata, as the pipeline's chunks carry it.
        var chunk = new ColdDocument
        {
            Id = "ferry#0",
            Tenant = document.Tenant,
            Language = document.Language,
            Title = document.Title,
            Metadata = document.Metadata,
            UpdatedAt = document.UpdatedAt,
            ContentHash = "hash",
            EmbeddingModel = "model",
            Vector = new float[Schema.Dimension],
        }.ToVectorDocument(Schema);
        Assert.Equal("blue", chunk.Tags["colour"]);
        Assert.Equal(3, chunk.Numbers["floor"]);
    }

    [Fact]
    public void AGivenDateIsKept()
    {
        var updated = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

        var document = (Valid with { UpdatedAt = updated }).ToSourceDocument("ferry", Schema, Now, []);

        Assert.Equal(updated, document?.UpdatedAt);
    }

    [Fact]
    public void AVectorIsRefusedWithAMessageToSendTheText()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null((Valid with { Vector = [1, 0, 0, 0] }).ToSourceDocument("ferry", Schema, Now, errors));

        Assert.Contains("Send the document's text instead", Assert.Single(Assert.Single(errors).Value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "text", "text must not be empty.")]
    [InlineData("   ", "text", "text must not be empty.")]
    public void AMissingTextIsNamedAsTheRequestNamesIt(string? text, string field, string message)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null((Valid with { Text = text }).ToSourceDocument("ferry", Schema, Now, errors));

        Assert.Equal(message, Assert.Single(errors[field]));
    }

    [Fact]
    public void EveryBadFieldIsNamedAtOnce()
    {
        var errors = new Dictionary<string, string[]>();
        var request = Valid with
        {
            Tenant = null,
            Vector = [1],
            Tags = new() { ["tenant"] = "other", ["shape"] = "round", ["colour"] = " " },
            Numbers = new() { ["updated_at"] = 5, ["colour"] = 1 },
        };

        Assert.Null(request.ToSourceDocument("ferry", Schema, Now, errors));

        Assert.Equal(
            ["numbers.colour", "numbers.updated_at", "tags.colour", "tags.shape", "tags.tenant", "tenant", "vector"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("")]
    public void AnIdThatCannotBeADocumentsIsNamed(string id)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(Valid.ToSourceDocument(id, Schema, Now, errors));

        Assert.True(errors.ContainsKey("id"));
    }

    [Fact]
    public void AnIdTooLongForItsChunksIdsIsNamed()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(Valid.ToSourceDocument(new string('d', 249), Schema, Now, errors));

        Assert.Contains("leave room for chunk ids", Assert.Single(errors["id"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("document", "text")]
    [InlineData("body", "text")]
    [InlineData(null, "text")]
    [InlineData("tenant", "tenant")]
    public void TheQueuesAndTheDocumentsParameterNamesAreTheRequestsFields(string? parameter, string field) =>
        Assert.Equal(field, DocumentRequest.FieldOf(parameter));
}
