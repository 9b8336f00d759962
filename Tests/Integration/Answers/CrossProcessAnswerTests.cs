using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Answers;

/// <summary>
/// The exact answer cache across replicas: several real OS processes on one Redis ask one new question at once through
/// <c>ExactAnswerCache</c> with the answerer's key and policy (see the ReplicaHost's answer-stampede).
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class CrossProcessAnswerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Replicas = 3;
    private const int CallersPerReplica = 20;

    private readonly string prefix = TestCaches.NewPrefix();
    private readonly List<ReplicaProcess> replicas = [];
    private RedisServer server = null!;

    public async Task InitializeAsync()
    {
        server = await RedisServer.StartAsync();
        replicas.AddRange(await Task.WhenAll(Enumerable.Range(0, Replicas).Select(_ => ReplicaProcess.StartAsync(server.ConnectionString, prefix))));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        await server.DisposeAsync();
    }

    [Fact]
    public async Task SixtyCallersOnThreeReplicasAskingOneNewQuestionCauseOneGeneratorCallAndShareItsAnswer()
    {
        var question = $"When does the ferry leave? {Guid.NewGuid():N}";
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(500).ToUnixTimeMilliseconds();

        var replies = await Task.WhenAll(replicas.Select(replica => replica.RequestAsync(
            ReplicaProcess.Request("answer-stampede", question) with { Callers = CallersPerReplica, FactoryMs = 300, StartAtUnixMs = startAt })));

        var calls = replies.Select(reply => reply.GetProperty("generatorCalls").GetInt32()).ToArray();
        output.WriteLine($"Generator calls per replica: {string.Join(", ", calls)}");
        Assert.Equal(1, calls.Sum());
        var answers = replies.SelectMany(reply => reply.GetProperty("answers").EnumerateArray().Select(answer => answer.GetString())).Distinct().ToArray();
        Assert.Single(answers);
        Assert.Contains("The harbour ferry leaves the north quay every twenty minutes. [1]", answers[0]);
    }
}
