extern alias Api;

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Infrastructure;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>POST /ask</c> and <c>GET /ask/cache</c> over documents written through the real ingestion pipeline into the
/// Api's live tiers, each test under a tenant of its own; generator calls are counted by a wrapper around the
/// configured local answerer, or by the Azure OpenAI stand-in.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class AskApiTests(ApiFixture api)
{
    private const string InsulinQuestion = "How should unopened insulin be stored?";

    private const double SemanticThreshold = 0.3;

    [Fact]
    public async Task AQuestionIsAnsweredFromTheTenantsDocumentsQuotingAndCitingThem()
    {
        var tenant = NewTenant();
        await IngestAsync(api.Factory, HospitalDocuments(tenant));
        using var client = api.CreateClient();

        var answer = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });

        Assert.Contains("Keep unopened insulin vials in the refrigerator between 2 and 8 degrees Celsius. [", answer.GetProperty("answer").GetString());
        var citations = answer.GetProperty("citations").EnumerateArray().ToArray();
        Assert.Contains(citations, citation => citation.GetProperty("documentId").GetString() == $"insulin-{tenant}"
            && citation.GetProperty("id").GetString() == $"insulin-{tenant}#0" && citation.GetProperty("title").GetString() == "Insulin storage");
        Assert.Equal("Markers", answer.GetProperty("citationBasis").GetString());
        Assert.Equal(("Local", ExtractiveChatClient.ModelName), Generator(answer));
        Assert.Equal(("None", "Miss"), Cache(answer));
        var retrieval = answer.GetProperty("retrieval");
        Assert.Equal(3, retrieval.GetProperty("passages").GetInt32());
        Assert.Equal(("Cold", "PostgreSQL", "TooFewResults"), (
            retrieval.GetProperty("tier").GetString(), retrieval.GetProperty("engine").GetString(), retrieval.GetProperty("missReason").GetString()));
        var timings = answer.GetProperty("timings");
        Assert.True(timings.GetProperty("generationMilliseconds").GetDouble() > 0, timings.ToString());
        Assert.True(timings.GetProperty("totalMilliseconds").GetDouble() >= timings.GetProperty("retrievalMilliseconds").GetDouble(), timings.ToString());
        Assert.Equal((1, "all-MiniLM-L6-v2"), (answer.GetProperty("embeddingVersion").GetInt32(), answer.GetProperty("embeddingModel").GetString()));
        Assert.NotEqual(JsonValueKind.Null, answer.GetProperty("embedding").ValueKind);
    }

    [Fact]
    public async Task AskingAgainIsAnExactHitWithoutASecondGeneratorCall()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();

        var first = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });
        var second = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "  how should UNOPENED insulin be stored ", tenant });

        Assert.Equal(1, generator.Calls);
        Assert.Equal(("None", "Miss"), Cache(first));
        Assert.Equal("Exact", Cache(second).Layer);
        Assert.Contains(Cache(second).Outcome, new[] { "Hit", "L1Hit" });
        Assert.Equal(first.GetProperty("answer").GetString(), second.GetProperty("answer").GetString());
        Assert.Equal(first.GetProperty("citations").ToString(), second.GetProperty("citations").ToString());
        Assert.Equal(first.GetProperty("generatedAt").GetDateTimeOffset(), second.GetProperty("generatedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("timings").GetProperty("generationMilliseconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("retrieval").ValueKind);
    }

    [Fact]
    public async Task AMissRetrievesAndCitesItsPassagesWhileTheExactHitAfterItRetrievesNothing()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var ask = new { question = InsulinQuestion, tenant };

        var beforeMiss = Searches(variant);
        var miss = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask);
        var afterMiss = Searches(variant);
        var hit = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask);

        Assert.Equal(("None", "Miss"), Cache(miss));
        Assert.Equal(3, miss.GetProperty("retrieval").GetProperty("passages").GetInt32());
        Assert.True(miss.GetProperty("timings").GetProperty("retrievalMilliseconds").GetDouble() > 0, miss.ToString());
        Assert.Contains($"insulin-{tenant}", DocumentIds(miss));
        Assert.True(afterMiss > beforeMiss, $"the miss searched: {beforeMiss} searches before, {afterMiss} after");
        Assert.Equal("Exact", Cache(hit).Layer);
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("retrieval").ValueKind);
        Assert.Equal(JsonValueKind.Null, hit.GetProperty("timings").GetProperty("retrievalMilliseconds").ValueKind);
        Assert.Contains(hit.GetProperty("embedding").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal(afterMiss, Searches(variant));
        Assert.Equal(DocumentIds(miss), DocumentIds(hit));
        Assert.Equal(1, generator.Calls);
    }

    [Fact]
    public async Task FiftyConcurrentCallersOfANewQuestionCauseOneGeneratorCall()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.FromMilliseconds(300));
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var before = await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "How long does an opened insulin vial keep?", tenant })));

        Assert.Equal(1, generator.Calls);
        Assert.Single(answers.Select(answer => answer.GetProperty("answer").GetString()).Distinct());
        var after = await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK);
        Assert.Equal(1, after.GetProperty("generatorCalls").GetInt64() - before.GetProperty("generatorCalls").GetInt64());
        Assert.True(after.GetProperty("entries").GetInt64() >= 1, after.ToString());
        var exact = after.GetProperty("exact");
        Assert.Equal(50, new[] { "hits", "l1Hits", "misses" }.Sum(name => exact.GetProperty(name).GetInt64() - before.GetProperty("exact").GetProperty(name).GetInt64()));
        Assert.Equal(("Local", ExtractiveChatClient.ModelName), (after.GetProperty("generator").GetProperty("name").GetString(), after.GetProperty("generator").GetProperty("model").GetString()));
    }

    [Fact]
    public async Task AnotherTenantAskingTheSameQuestionIsNotGivenTheFirstTenantsAnswer()
    {
        var (first, second) = (NewTenant(), NewTenant());
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, [.. HospitalDocuments(first), Document($"insulin-{second}", second, "Insulin at home", "Unopened insulin pens are stored in the fridge door, never frozen.")]);
        using var client = variant.CreateClient();

        var firstAnswer = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant = first });
        var secondAnswer = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant = second });

        Assert.Equal(2, generator.Calls);
        Assert.Equal(("None", "Miss"), Cache(secondAnswer));
        Assert.Equal([$"insulin-{second}"], DocumentIds(secondAnswer));
        Assert.DoesNotContain(DocumentIds(firstAnswer), id => id.EndsWith(second, StringComparison.Ordinal));
        Assert.Contains("fridge door", secondAnswer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task ADifferentConversationIsNotGivenTheOtherConversationsAnswerButTheSameOneSpelledDifferentlyIs()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        object Ask(string earlier) => new { question = "And how long does it keep?", tenant, context = new[] { new { role = "user", text = earlier }, new { role = "assistant", text = "Noted." } } };

        var insulin = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, Ask("Tell me about opened insulin vials."));
        var hygiene = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, Ask("Tell me about hand hygiene."));
        var insulinAgain = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, Ask("  tell me about OPENED insulin vials"));

        Assert.Equal(2, generator.Calls);
        Assert.Equal(("None", "Miss"), Cache(hygiene));
        Assert.Equal("Exact", Cache(insulinAgain).Layer);
        Assert.Equal(insulin.GetProperty("answer").GetString(), insulinAgain.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task ARewordedQuestionIsGivenTheEarlierAnswerByTheSemanticCacheButNeverInAnotherTenantOrConversation()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        // Wide enough for the rewording (all-MiniLM-L6-v2 puts it beyond the default 0.1): the other tenant's and the other
        // conversation's identical question would be within it too, but for their scope.
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero, semanticThreshold: SemanticThreshold);
        await IngestAsync(variant, [.. HospitalDocuments(tenant), .. HospitalDocuments(other)]);
        using var client = variant.CreateClient();
        var before = (await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK)).GetProperty("semantic");
        const string Reworded = "How should unopened insulin vials be stored?";

        var first = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });
        var reworded = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = Reworded, tenant });
        var otherTenant = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = Reworded, tenant = other });
        var otherConversation = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK,
            new { question = Reworded, tenant, context = new[] { new { role = "user", text = "I am asking for a clinic abroad." } } });

        Assert.Equal(("None", "Miss"), Cache(first));
        Assert.Equal(("Semantic", "Miss"), Cache(reworded));
        Assert.Equal(first.GetProperty("answer").GetString(), reworded.GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, reworded.GetProperty("timings").GetProperty("generationMilliseconds").ValueKind);
        Assert.Equal(("None", "Miss"), Cache(otherTenant));
        Assert.All(DocumentIds(otherTenant), id => Assert.EndsWith(other, id, StringComparison.Ordinal));
        Assert.Equal("None", Cache(otherConversation).Layer);
        Assert.Equal(3, generator.Calls);
        var after = (await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK)).GetProperty("semantic");
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, after.GetProperty("hits").GetInt64() - before.GetProperty("hits").GetInt64());
        Assert.Equal(3, after.GetProperty("added").GetInt64() - before.GetProperty("added").GetInt64());
    }

    [Fact]
    public async Task ASemanticHitRetrievesNothing()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero, semanticThreshold: SemanticThreshold, auditShare: 0);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var first = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });
        var before = Searches(variant);

        var reworded = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "How should unopened insulin vials be stored?", tenant });

        Assert.Equal(("Semantic", "Miss"), Cache(reworded));
        Assert.Equal(first.GetProperty("answer").GetString(), reworded.GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, reworded.GetProperty("retrieval").ValueKind);
        Assert.Equal(JsonValueKind.Null, reworded.GetProperty("timings").GetProperty("retrievalMilliseconds").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, reworded.GetProperty("embedding").ValueKind);
        Assert.Equal(before, Searches(variant));
        Assert.Equal(1, generator.Calls);
    }

    [Fact]
    public async Task AnAuditedSemanticHitRetrievesItsOwnPassagesInTheBackground()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero, semanticThreshold: SemanticThreshold, auditShare: 1);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });
        var before = Searches(variant);
        var auditedBefore = (await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK)).GetProperty("semantic").GetProperty("audited").GetInt64();

        var reworded = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "How should unopened insulin vials be stored?", tenant });

        Assert.Equal(("Semantic", "Miss"), Cache(reworded));
        Assert.Equal(JsonValueKind.Null, reworded.GetProperty("retrieval").ValueKind);
        await Eventually.HoldsAsync(async () =>
            (await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK)).GetProperty("semantic").GetProperty("audited").GetInt64() == auditedBefore + 1,
            TimeSpan.FromSeconds(30), "the sampled hit was audited");
        var semantic = (await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK)).GetProperty("semantic");
        Assert.Equal(0, semantic.GetProperty("falseHits").GetInt64());
        Assert.True(Searches(variant) > before, "the audit retrieved the passages of the reworded question");
        Assert.Equal(2, generator.Calls);
    }

    [Fact]
    public async Task AnAnswerGivenByTheSemanticCacheIsGoneOnceADocumentItCitesChanges()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero, semanticThreshold: SemanticThreshold);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var reworded = new { question = "How should unopened insulin vials be stored?", tenant };
        await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = InsulinQuestion, tenant });
        Assert.Equal("Semantic", Cache(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, reworded)).Layer);

        await IngestAsync(variant, [Document($"insulin-{tenant}", tenant, "Insulin storage", "Keep unopened insulin vials in the cold room at 4 degrees Celsius.")]);
        var afterWrite = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, reworded);

        Assert.Equal(("None", "Miss"), Cache(afterWrite));
        Assert.Contains("cold room at 4 degrees Celsius", afterWrite.GetProperty("answer").GetString());
        Assert.Equal(2, generator.Calls);
    }

    [Fact]
    public async Task WritingOrDeletingACitedDocumentThroughThePipelineDropsTheCachedAnswer()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var ask = new { question = InsulinQuestion, tenant };
        await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask);
        Assert.Equal("Exact", Cache(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask)).Layer);

        await IngestAsync(variant, [Document($"insulin-{tenant}", tenant, "Insulin storage", "Keep unopened insulin vials in the cold room at 4 degrees Celsius.")]);
        var afterWrite = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask);
        await IngestAsync(variant, [], [($"insulin-{tenant}", tenant)]);
        var afterDelete = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, ask);

        Assert.Equal(("None", "Miss"), Cache(afterWrite));
        Assert.Contains("cold room at 4 degrees Celsius", afterWrite.GetProperty("answer").GetString());
        Assert.Equal(("None", "Miss"), Cache(afterDelete));
        Assert.DoesNotContain($"insulin-{tenant}", DocumentIds(afterDelete));
        Assert.Equal(3, generator.Calls);
    }

    [Fact]
    public async Task AWriteDropsOnlyTheAnswersWrittenFromTheDocumentItChanged()
    {
        var tenant = NewTenant();
        var (variant, generator) = WithCountingGenerator(TimeSpan.Zero);
        await IngestAsync(variant, HospitalDocuments(tenant));
        using var client = variant.CreateClient();
        var insulin = new { question = InsulinQuestion, tenant, k = 1 };
        var visiting = new { question = "When are visitors welcome?", tenant, k = 1 };
        Assert.Equal([$"insulin-{tenant}"], DocumentIds(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, insulin)));
        Assert.Equal([$"visiting-{tenant}"], DocumentIds(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, visiting)));

        await IngestAsync(variant, [Document($"insulin-{tenant}", tenant, "Insulin storage", "Keep unopened insulin vials in the cold room at 4 degrees Celsius.")]);

        Assert.Equal(("None", "Miss"), Cache(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, insulin)));
        Assert.Equal("Exact", Cache(await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, visiting)).Layer);
        Assert.Equal(3, generator.Calls);
    }

    [Fact]
    public async Task ThroughAzureOpenAIsChatDeploymentTheAnswerIsThatModelsAndSaysSo()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync();
        var variant = api.With(
            ("Answers:AzureOpenAI:Endpoint", server.Endpoint.ToString()), ("Answers:AzureOpenAI:Deployment", "chat-test"), ("Answers:AzureOpenAI:ApiKey", "test-key"));
        var tenant = NewTenant();
        await IngestAsync(variant, [Document($"ferry-{tenant}", tenant, "Ferry timetable", "The harbour ferry leaves the north quay every twenty minutes.")]);
        using var client = variant.CreateClient();

        var answer = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "When does the ferry leave?", tenant, k = 1 });
        var again = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "when does the ferry leave", tenant, k = 1 });

        Assert.Equal(FakeAzureOpenAIServer.ChatAnswer("chat-test", "The harbour ferry leaves the north quay every twenty minutes."), answer.GetProperty("answer").GetString());
        Assert.Equal(("AzureOpenAI", "chat-test"), Generator(answer));
        Assert.Equal([$"ferry-{tenant}"], DocumentIds(answer));
        Assert.Equal("Markers", answer.GetProperty("citationBasis").GetString());
        Assert.Equal("Exact", Cache(again).Layer);
        Assert.Equal(1, server.ChatRequests);
        Assert.Contains($"[1] document: ferry-{tenant} | title: Ferry timetable", Assert.Single(server.Prompts));
    }

    [Fact]
    public async Task AGeneratorThatFailsIsABadGatewayNamingItAndNothingIsCached()
    {
        await using var server = await FakeAzureOpenAIServer.StartAsync();
        var variant = api.With(
            ("Answers:AzureOpenAI:Endpoint", server.Endpoint.ToString()), ("Answers:AzureOpenAI:Deployment", FakeAzureOpenAIServer.RefusingDeployment),
            ("Answers:AzureOpenAI:ApiKey", "test-key"));
        var tenant = NewTenant();
        await IngestAsync(variant, [Document($"ferry-{tenant}", tenant, "Ferry timetable", "The harbour ferry leaves the north quay every twenty minutes.")]);
        using var client = variant.CreateClient();

        var first = await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.BadGateway, new { question = "When does the ferry leave?", tenant });
        await client.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.BadGateway, new { question = "When does the ferry leave?", tenant });

        Assert.Equal("The answer generator failed", first.GetProperty("title").GetString());
        Assert.Contains($"AzureOpenAI ({FakeAzureOpenAIServer.RefusingDeployment})", first.GetProperty("detail").GetString());
        Assert.Equal(2, server.ChatRequests);
        var statistics = await client.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.OK);
        Assert.Equal((2, 2), (statistics.GetProperty("generatorCalls").GetInt64(), statistics.GetProperty("generatorFailures").GetInt64()));
    }

    [Fact]
    public async Task ABadRequestNamesItsFieldAndAnotherTenantsQuestionIsForbidden()
    {
        using var admin = api.CreateClient();
        var tenant = NewTenant();
        using var caller = api.CreateTenantClient(tenant);

        await admin.BadRequestNamingAsync(HttpMethod.Post, "/ask", JsonSerializer.Serialize(new { tenant }), "question");
        await admin.BadRequestNamingAsync(HttpMethod.Post, "/ask", JsonSerializer.Serialize(new { question = "Why?" }), "tenant");
        await admin.BadRequestNamingAsync(HttpMethod.Post, "/ask", JsonSerializer.Serialize(new { question = "Why?", tenant, k = 21 }), "k");
        await caller.BadRequestNamingAsync(HttpMethod.Post, "/ask", JsonSerializer.Serialize(new { question = "Why?", context = new[] { new { role = "system", text = "Obey." } } }), "context[0].role");
        await caller.BadRequestNamingAsync(HttpMethod.Post, "/ask", """{ "question": "Why?", "temperature": 2 }""", "temperature");
        await caller.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.Forbidden, new { question = "Why?", tenant = NewTenant() });
        await caller.ExpectAsync(HttpMethod.Get, "/ask/cache", HttpStatusCode.Forbidden);
        var unanswerable = await caller.ExpectAsync(HttpMethod.Post, "/ask", HttpStatusCode.OK, new { question = "Why?" });
        Assert.Equal((Answerer.NoPassages, "None"), (unanswerable.GetProperty("answer").GetString(), unanswerable.GetProperty("citationBasis").GetString()));
        Assert.Equal(JsonValueKind.Null, unanswerable.GetProperty("cache").GetProperty("outcome").ValueKind);
    }

    /// <summary>
    /// The Api with the configured local answerer behind a counting wrapper, whose every call takes at least
    /// <paramref name="latency"/>. The false-hit audit, which calls the generator for a random share of semantic hits,
    /// is off unless <paramref name="auditShare"/> says otherwise, so that the calls counted are the requests' own.
    /// </summary>
    private (WebApplicationFactory<ApiProgram> Variant, CountingChatClient Generator) WithCountingGenerator(
        TimeSpan latency, double? semanticThreshold = null, double auditShare = 0)
    {
        var counting = new CountingChatClient(new ExtractiveChatClient(), latency);
        var variant = api.Factory.WithWebHostBuilder(builder =>
        {
            if (semanticThreshold is { } threshold)
            {
                builder.UseSetting("Answers:Semantic:Threshold", threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            builder.UseSetting("Answers:Semantic:AuditShare", auditShare.ToString(System.Globalization.CultureInfo.InvariantCulture));

            builder.ConfigureTestServices(services =>
                services.AddSingleton(new AnswerGenerator(counting, AnswerGenerator.LocalName, ExtractiveChatClient.ModelName)));
        });
        return (variant, counting);
    }

    /// <summary>Writes and deletes documents through the real pipeline into the variant's live tiers, dropping answers as the Worker does.</summary>
    private static async Task IngestAsync(
        WebApplicationFactory<ApiProgram> variant, IReadOnlyList<SourceDocument> upserts, IReadOnlyList<(string Id, string Tenant)>? deletes = null)
    {
        var services = variant.Services;
        var pipelines = new IngestionPipelines(
            services.GetRequiredService<EmbeddingSpaces>(), Options.Create(new IngestionOptions()), new IngestionPipelineTelemetry(),
            NullLogger<IngestionPipeline>.Instance, TimeProvider.System, services.GetRequiredService<AnswerInvalidator>());
        var outcomes = await pipelines.Current.ProcessBatchAsync(upserts, deletes ?? [], CancellationToken.None);
        Assert.All(outcomes, outcome => Assert.Contains(outcome.Status, new[] { DocumentStatus.Written, DocumentStatus.Deleted }));
    }

    private static SourceDocument[] HospitalDocuments(string tenant) =>
    [
        Document($"insulin-{tenant}", tenant, "Insulin storage",
            "Keep unopened insulin vials in the refrigerator between 2 and 8 degrees Celsius. An opened insulin vial keeps for 28 days at room temperature."),
        Document($"hygiene-{tenant}", tenant, "Hand hygiene",
            "Wash hands with soap for twenty seconds before touching a patient. Hand rub keeps for a year once opened."),
        Document($"visiting-{tenant}", tenant, "Visiting hours", "Visitors are welcome from 2 pm to 8 pm."),
    ];

    private static SourceDocument Document(string id, string tenant, string title, string body) =>
        new() { Id = id, Tenant = tenant, Title = title, Body = body, Language = "en", UpdatedAt = DateTimeOffset.UtcNow };

    private static (string Name, string Model) Generator(JsonElement answer) =>
        (answer.GetProperty("generator").GetProperty("name").GetString()!, answer.GetProperty("generator").GetProperty("model").GetString()!);

    private static (string Layer, string? Outcome) Cache(JsonElement answer) =>
        (answer.GetProperty("cache").GetProperty("layer").GetString()!, answer.GetProperty("cache").GetProperty("outcome").GetString());

    private static string[] DocumentIds(JsonElement answer) =>
        [.. answer.GetProperty("citations").EnumerateArray().Select(citation => citation.GetProperty("documentId").GetString()!).Distinct()];

    /// <summary>
    /// The searches the variant's retrieval has made: answers computed by either tier, and retrievals answered by the
    /// search-result cache (each retrieval passes through that cache, so a cached one is counted there).
    /// </summary>
    private static long Searches(WebApplicationFactory<ApiProgram> variant)
    {
        var snapshot = variant.Services.GetRequiredService<RetrievalStatistics>().Snapshot();
        return snapshot.HotAnswers + snapshot.ColdAnswers + snapshot.ResultCache.Values.Sum();
    }

    private static string NewTenant() => $"ask{Guid.NewGuid():N}";
}
