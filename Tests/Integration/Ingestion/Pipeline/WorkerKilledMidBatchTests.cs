using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.ReplicaHost;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>
/// A Worker process killed in the middle of a batch, through the whole write path: a real OS process runs the real
/// consumer and pipeline into real PostgreSQL and Redis, is killed with part of its batch committed and none of it
/// acknowledged, and a second process finishes the work.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class WorkerKilledMidBatchTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    private const int Operations = 4;
    private const int DocumentsPerOperation = 9;
    private const int WriteBatchSize = 4;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly LocalServersFixture fixture = servers;
    private NpgsqlDataSource? rows;

    /// <summary>One pool for the test's reads: polling must not open a connection per look.</summary>
    private NpgsqlDataSource Rows => rows ??= Database.NewDataSource();

    [Fact]
    public async Task AWorkerKilledMidBatchHasItsBatchFinishedByAnotherAndEveryDocumentIsIndexedExactlyOnce()
    {
        var documents = Corpus(perTenant: Operations * DocumentsPerOperation / 2);
        var options = TestQueues.NewOptions(settings =>
        {
            // Batches of three transactions, so a batch can be caught with some of its transactions committed.
            settings.BatchSize = 3 * WriteBatchSize;
            settings.ClaimIdle = TimeSpan.FromSeconds(1);
        });
        var queue = TestQueues.Queue(Redis, options);
        var cachePrefix = TestCaches.NewPrefix();
        try
        {
            var operations = new List<string>();
            foreach (var slice in documents.Chunk(DocumentsPerOperation))
            {
                operations.Add(await queue.EnqueueBatchAsync([.. slice.Select(IngestionMessage.Upsert)], CancellationToken.None));
            }

            // The first process's fifth model call (its second batch's second transaction) never returns: its first
            // batch is acknowledged, its second holds one committed transaction and one not yet written. Until it
            // hangs it moves on, so a state seen earlier could be gone by the time the kill lands.
            await using var doomed = await ReplicaProcess.StartAsync(fixture.RedisConnectionString, cachePrefix);
            var doomedReplies = Consume(doomed, options, "doomed", hangAtEmbeddingCall: 5);
            await ReplicaProcess.NextReplyAsync(doomedReplies);
            Assert.True((await ReplicaProcess.NextReplyAsync(doomedReplies)).GetProperty("hanging").GetBoolean());
            var atKill = await InFlightAsync(queue, operations);
            var pendingDocuments = await PendingDocumentsAsync(queue, options, "doomed");
            var doomedReport = await doomed.RequestAsync(Request("pipeline-report"));

            await doomed.KillAsync();
            await using var survivor = await ReplicaProcess.StartAsync(fixture.RedisConnectionString, cachePrefix);
            await ReplicaProcess.NextReplyAsync(Consume(survivor, options, "survivor", hangAtEmbeddingCall: 0));
            await Eventually.HoldsAsync(
                async () => (await InFlightAsync(queue, operations)).Done == documents.Count,
                Deadline, "the second Worker completes every operation");
            var survivorReport = await survivor.RequestAsync(Request("pipeline-report"));

            // Killed mid-batch: every document it had been given and not finished was still pending, some of them written.
            Assert.True(atKill.Pending > 0 && atKill.Committed.Count > atKill.Done && atKill.Committed.Count < documents.Count, $"{atKill}");
            Assert.Equal(atKill.Pending, pendingDocuments.Count);
            Assert.Equal(atKill.Pending, Handled(doomedReport).Count - atKill.Done);
            Assert.NotEmpty(atKill.Committed.Intersect(pendingDocuments));
            Assert.NotEmpty(pendingDocuments.Except(atKill.Committed));

            // The second Worker took the dead one's entries over (their second delivery) and read the rest once.
            var survivorHandled = Handled(survivorReport);
            Assert.Equal(pendingDocuments.Order(StringComparer.Ordinal), survivorHandled.Where(message => message.Deliveries == 2).Select(message => message.Id).Order(StringComparer.Ordinal));
            Assert.All(survivorHandled, message => Assert.InRange(message.Deliveries, 1, 2));
            Assert.Equal(
                documents.Select(document => document.Id).Except(Handled(doomedReport).Select(message => message.Id)).Order(StringComparer.Ordinal),
                survivorHandled.Where(message => message.Deliveries == 1).Select(message => message.Id).Order(StringComparer.Ordinal));

            // Every chunk embedded once across both processes: what was committed before the kill was not embedded again.
            int ChunkCount(IEnumerable<SourceDocument> some) => some.Sum(document => ChunksOf(document).Count);
            Assert.Equal(ChunkCount(documents.Where(document => atKill.Committed.Contains(document.Id))), TextsEmbedded(doomedReport));
            Assert.Equal(ChunkCount(documents.Where(document => !atKill.Committed.Contains(document.Id))), TextsEmbedded(survivorReport));

            // Indexed exactly once: the expected chunks, each with the hash of its expected text, none missing, twice or stray.
            var expected = documents
                .SelectMany(document => ChunksOf(document).Select(chunk => (chunk.Id, DocumentId: document.Id, Hash: EmbeddedText.HashOf(document.Title, chunk.Text), chunk.Text)))
                .OrderBy(row => row.Id, StringComparer.Ordinal)
                .ToList();
            Assert.Equal(expected, await ChunkRowsAsync());

            // The queue is drained and nothing was counted twice or given up on.
            foreach (var operationId in operations)
            {
                var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
                Assert.Equal((OperationState.Completed, DocumentsPerOperation, DocumentsPerOperation, 0), (operation!.State, operation.Total, operation.Done, operation.Failed));
            }

            Assert.Equal(0, (await Redis.GetDatabase().StreamPendingAsync(queue.Keys.Stream, options.Group)).PendingMessageCount);
            var depth = await queue.DepthAsync(CancellationToken.None);
            Assert.Equal((0L, 0L, 0L, 0L), (depth.Length, depth.Pending, depth.Lag, depth.DeadLetters));
            var statistics = await queue.StatisticsAsync(CancellationToken.None);
            Assert.Equal((documents.Count, 0L, 0L), (statistics.Processed, statistics.FailedDeliveries, statistics.DeadLettered));
        }
        finally
        {
            await TestQueues.DeleteKeysAsync(Redis, options);
            await DeleteKeysAsync($"{cachePrefix}*");
        }
    }

    /// <summary>Starts the process's consumer and pipeline; its first reply says it is consuming, a second that its model hangs.</summary>
    private ChannelReader<JsonElement> Consume(ReplicaProcess worker, IngestionQueueOptions options, string name, int hangAtEmbeddingCall)
    {
        var own = TestQueues.Copy(options);
        own.ConsumerName = name;
        var postgres = new NpgsqlConnectionStringBuilder(fixture.PostgresConnectionString) { SearchPath = $"{Database.Name}, public" };
        var settings = new PipelineSettings(
            postgres.ConnectionString, Schema.Name, Schema.Dimension, SmallChunks.ChunkWords, SmallChunks.OverlapWords,
            WriteBatchSize, EmbedBatchSize: 1024, hangAtEmbeddingCall);
        return worker.Send(Request("consume-with-pipeline") with { Queue = own, Pipeline = settings });
    }

    /// <summary>The group's pending count, the documents PostgreSQL holds (committed), and the messages the operations count done.</summary>
    private async Task<(long Pending, IReadOnlySet<string> Committed, int Done)> InFlightAsync(IngestionQueue queue, IReadOnlyList<string> operations)
    {
        var pending = (await queue.DepthAsync(CancellationToken.None)).Pending;
        await using var command = Rows.CreateCommand("SELECT DISTINCT document_id FROM documents");
        await using var reader = await command.ExecuteReaderAsync();
        var committed = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            committed.Add(reader.GetString(0));
        }

        var done = 0;
        foreach (var operationId in operations)
        {
            done += (await queue.GetOperationAsync(operationId, CancellationToken.None))!.Done;
        }

        return (pending, committed, done);
    }

    /// <summary>The documents of the entries <paramref name="consumer"/> holds: delivered to it and not acknowledged.</summary>
    private async Task<IReadOnlySet<string>> PendingDocumentsAsync(IngestionQueue queue, IngestionQueueOptions options, string consumer)
    {
        var database = Redis.GetDatabase();
        var pending = await database.StreamPendingMessagesAsync(queue.Keys.Stream, options.Group, 1000, consumer);
        var documents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in pending)
        {
            var read = Assert.Single(await database.StreamRangeAsync(queue.Keys.Stream, entry.MessageId, entry.MessageId));
            documents.Add(read["id"].ToString());
        }

        return documents;
    }

    private async Task<List<(string Id, string DocumentId, string Hash, string Text)>> ChunkRowsAsync()
    {
        await using var command = Rows.CreateCommand("SELECT id, document_id, content_hash, body FROM documents");
        await using var reader = await command.ExecuteReaderAsync();
        var chunks = new List<(string, string, string, string)>();
        while (await reader.ReadAsync())
        {
            chunks.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return [.. chunks.OrderBy(row => row.Item1, StringComparer.Ordinal)];
    }

    private async Task DeleteKeysAsync(string pattern)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in Redis.GetServers()[0].KeysAsync(pattern: pattern))
        {
            keys.Add(key);
        }

        if (keys.Count > 0)
        {
            await Redis.GetDatabase().KeyDeleteAsync([.. keys]);
        }
    }

    private static ReplicaRequest Request(string op) => new(Guid.NewGuid().ToString("N"), op, string.Empty);

    private static List<(string Id, int Deliveries)> Handled(JsonElement report) =>
        [.. report.GetProperty("handled").EnumerateArray().Select(message => (message.GetProperty("id").GetString()!, message.GetProperty("deliveries").GetInt32()))];

    private static int TextsEmbedded(JsonElement report) => report.GetProperty("textsEmbedded").GetInt32();
}
