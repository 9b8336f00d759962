using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers;

namespace RedisAspire.ReplicaHost;

public sealed partial class Replica
{
    private const string AnswerTenant = "replicas";

    private static readonly Passage[] AnswerPassages =
    [
        new(1, "ferry#0", "ferry", "Ferry timetable", "The harbour ferry leaves the north quay every twenty minutes."),
        new(2, "parking#0", "parking", "Parking", "Parking at the quay costs two euros an hour."),
    ];

    private int generatorCalls;

    /// <summary>
    /// Many callers of this process ask one question (the request's key) at once through the exact answer cache, as
    /// the Api's answerer does: its key, a read first (the tenant's policy without documents), then on a miss its
    /// policy (distributed lock, document tags) with the local answerer writing from fixed passages, each call taking
    /// the request's FactoryMs. Replies with the generator calls this process made.
    /// </summary>
    private async Task AnswerStampedeAsync(ReplicaRequest request)
    {
        var delay = DateTimeOffset.FromUnixTimeMilliseconds(request.StartAtUnixMs) - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        var answers = new ExactAnswerCache(cache, redis, keyPrefix, Options.Create(new AnswerOptions()));
        var question = new AnswerQuestion(AnswerTenant, request.Key, [], AnswerPassages.Length);
        var key = AnswerKeys.Key(question, AnswerGenerator.LocalName, ExtractiveChatClient.ModelName, embeddingVersion: 1);
        var policy = answers.Policy(AnswerTenant, AnswerPassages.Select(passage => passage.DocumentId));
        using var generator = new ExtractiveChatClient();
        var callsBefore = Volatile.Read(ref generatorCalls);
        var outcomes = new ConcurrentDictionary<string, int>();
        var texts = new ConcurrentDictionary<string, int>();
        await Task.WhenAll(Enumerable.Range(0, request.Callers).Select(_ => Task.Run(async () =>
        {
            if (await answers.ReadAsync(key, answers.Policy(AnswerTenant, []), CancellationToken.None) is { } cached)
            {
                outcomes.AddOrUpdate(cached.Outcome.ToString(), 1, (_, count) => count + 1);
                texts.AddOrUpdate(cached.Answer.Text, 1, (_, count) => count + 1);
                return;
            }

            var (answer, outcome) = await answers.GetOrGenerateAsync(key, policy, async token =>
            {
                Interlocked.Increment(ref generatorCalls);
                await Task.Delay(request.FactoryMs, token);
                var response = await generator.GetResponseAsync(AnswerPrompt.Build(question.Question, [], AnswerPassages), cancellationToken: token);
                return new GeneratedAnswer(
                    $"{response.Text} (process {Environment.ProcessId})", [], CitationBasis.Markers, AnswerGenerator.LocalName, ExtractiveChatClient.ModelName,
                    [.. AnswerPassages.Select(passage => passage.DocumentId)], DateTimeOffset.UtcNow, request.FactoryMs);
            }, CancellationToken.None);
            outcomes.AddOrUpdate(outcome?.ToString() ?? "None", 1, (_, count) => count + 1);
            texts.AddOrUpdate(answer.Text, 1, (_, count) => count + 1);
        })));

        await ReplyAsync(request, new { generatorCalls = Volatile.Read(ref generatorCalls) - callsBefore, outcomes, answers = texts.Keys.ToArray() });
    }
}
