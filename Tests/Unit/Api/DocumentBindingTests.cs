extern alias Api;

using System.Text.Json;
using Api::RedisAspire.Api.Apis.Documents;
using Api::RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Api;

[Trait("Category", "Unit")]
public sealed class DocumentBindingTests
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
        Body = "The harbour ferry leaves the north quay every twenty minutes.",
        Title = "Ferry timetable",
        Tenant = "quayside",
        Language = "en",
        Metadata = Metadata("""{ "colour": "blue", "floor": 3, "source": { "page": 12 } }"""),
    };

    [Fact]
    public void EveryFieldIsCarriedAndTheIndexFieldsReachTheTiersThroughTheMetadata()
    {
        var errors = new RequestErrors();

        var document = Valid.ToSourceDocument("ferry", Schema, Now, errors);

        Assert.False(errors.Any);
        Assert.NotNull(document);
        Assert.Equal(("ferry", "quayside", "en", "Ferry timetable", Valid.Body, Now),
            (document.Id, document.Tenant, document.Language, document.Title, document.Body, document.UpdatedAt));
        Assert.Equal(12, JsonDocument.Parse(document.Metadata).RootElement.GetProperty("source").GetProperty("page").GetInt32());

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

        var document = (Valid with { UpdatedAt = updated }).ToSourceDocument("ferry", Schema, Now, new RequestErrors());

        Assert.Equal(updated, document?.UpdatedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void AMissingBodyIsNamed(string? body)
    {
        var errors = new RequestErrors();

        Assert.Null((Valid with { Body = body }).ToSourceDocument("ferry", Schema, Now, errors));

        Assert.Equal("body must not be empty.", Assert.Single(Errors(errors)["body"]));
    }

    [Fact]
    public void EveryBadFieldIsNamedAtOnceUnderItsPrefix()
    {
        var errors = new RequestErrors();
        var request = Valid with
        {
            Tenant = null,
            Body = "",
            Metadata = Metadata("""{ "tenant": "other", "updated_at": 5, "colour": 1, "floor": "three", "shape": "round" }"""),
        };

        Assert.Null(request.ToSourceDocument("ferry", Schema, Now, errors, "documents[2]"));

        Assert.Equal(
            ["documents[2].body", "documents[2].metadata.colour", "documents[2].metadata.floor", "documents[2].metadata.tenant",
                "documents[2].metadata.updated_at", "documents[2].tenant"],
            Errors(errors).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("")]
    public void AnIdThatCannotBeADocumentsIsNamed(string id)
    {
        var errors = new RequestErrors();

        Assert.Null(Valid.ToSourceDocument(id, Schema, Now, errors));

        Assert.True(Errors(errors).ContainsKey("id"));
    }

    [Fact]
    public void AnIdTooLongForItsChunksIdsIsNamed()
    {
        var errors = new RequestErrors();

        Assert.Null(Valid.ToSourceDocument(new string('d', 249), Schema, Now, errors));

        Assert.Contains("leave room for chunk ids", Assert.Single(Errors(errors)["id"]), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Metadata(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static IDictionary<string, string[]> Errors(RequestErrors errors) => errors.ToProblem().ProblemDetails.Errors;
}
