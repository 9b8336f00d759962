using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>
/// A stream of documents through <see cref="IngestionPipeline"/> in four stages joined by bounded channels, for
/// measuring the pipeline on a whole corpus: what the ingestion benchmark runs. The Worker does not: it hands the
/// queue's batches to <see cref="IngestionPipeline.ProcessBatchAsync"/>.
/// </summary>
internal sealed class StagedImport(IngestionPipeline pipeline, StagedImportOptions? options = null, TimeProvider? time = null)
{
    private readonly StagedImportOptions options = (options ?? new StagedImportOptions()).Validated();
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>
    /// Imports <paramref name="documents"/>: four stages (read and validate; chunk and compare with PostgreSQL; embed
    /// in batches; write) run at once, joined by bounded channels, and at most
    /// <see cref="StagedImportOptions.MaxDocumentsInFlight"/> documents are held at any time: reading waits for a
    /// document to finish before taking another. A document that is not valid, cannot be chunked, or whose batch
    /// fails to embed or write is reported as a failure with the error, and the import goes on. Progress is reported
    /// as documents finish, on the thread that finished them.
    /// </summary>
    public async Task<IngestionReport> IngestAsync(
        IAsyncEnumerable<SourceDocument> documents, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var tally = new IngestionTally(time, progress);
        using var run = new ImportRun(pipeline, options, tally);
        try
        {
            await run.RunAsync(documents, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Documents still held when an import stops early leave the gauge too.
            pipeline.Telemetry.InFlight(-tally.InFlight);
        }

        return tally.Report();
    }

    /// <summary>The stages and channels of one import.</summary>
    private sealed class ImportRun(IngestionPipeline pipeline, StagedImportOptions options, IngestionTally tally) : IDisposable
    {
        private readonly SemaphoreSlim slots = new(options.MaxDocumentsInFlight, options.MaxDocumentsInFlight);
        private readonly Channel<IngestionWork> toPlan = Bounded<IngestionWork>(options.ChannelCapacity);
        private readonly Channel<DocumentPlan> toEmbed = Bounded<DocumentPlan>(options.ChannelCapacity);
        private readonly Channel<DocumentPlan> toWrite = Bounded<DocumentPlan>(options.ChannelCapacity);

        public async Task RunAsync(IAsyncEnumerable<SourceDocument> documents, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stages = new[]
            {
                StageAsync(() => ReadAsync(documents, stop.Token), toPlan.Writer, stop),
                StageAsync(() => PlanAsync(stop.Token), toEmbed.Writer, stop),
                StageAsync(() => EmbedAsync(stop.Token), toWrite.Writer, stop),
                StageAsync<DocumentPlan>(() => WriteAsync(stop.Token), next: null, stop),
            };
            try
            {
                await Task.WhenAll(stages).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The stage that failed first stopped the others, which then report cancellation: throw its error.
                var cause = stages.Where(stage => stage.IsFaulted).Select(stage => stage.Exception!.InnerException!)
                    .FirstOrDefault(exception => exception is not OperationCanceledException and not ChannelClosedException);
                if (cause is not null)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }

                throw;
            }
        }

        public void Dispose() => slots.Dispose();

        private static Channel<T> Bounded<T>(int capacity) => Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

        // A stage's end closes the channel after it; its failure closes it with the error and stops every stage.
        private static async Task StageAsync<T>(Func<Task> stage, ChannelWriter<T>? next, CancellationTokenSource stop)
        {
            try
            {
                await stage().ConfigureAwait(false);
                next?.TryComplete();
            }
            catch (Exception exception)
            {
                next?.TryComplete(exception);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>Takes a document only once a slot is free, so no more than the bound are ever held.</summary>
        private async Task ReadAsync(IAsyncEnumerable<SourceDocument> documents, CancellationToken cancellationToken)
        {
            var enumerator = documents.GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                for (var position = 0; ; position++)
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        slots.Release();
                        return;
                    }

                    var document = enumerator.Current;
                    tally.Read();
                    pipeline.Telemetry.InFlight(1);
                    var error = IngestionPipeline.Check(document);
                    if (document is null || error is not null)
                    {
                        Finish([DocumentOutcome.Failed(document?.Id ?? string.Empty, error ?? "The document is null.")]);
                        continue;
                    }

                    await toPlan.Writer.WriteAsync(IngestionWork.Upsert(position, document), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Plans what is waiting, up to a write batch at a time: one PostgreSQL read per group.</summary>
        private async Task PlanAsync(CancellationToken cancellationToken)
        {
            while (await toPlan.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var work = Drain(toPlan.Reader, pipeline.Options.WriteBatchSize);
                List<DocumentPlan> plans;
                try
                {
                    (plans, var finished) = await pipeline.PlanAsync(work, cancellationToken).ConfigureAwait(false);
                    Finish([.. finished.Select(item => item.Outcome)]);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    FailAll(work.Select(item => item.DocumentId), exception);
                    continue;
                }

                foreach (var plan in plans)
                {
                    await toEmbed.Writer.WriteAsync(plan, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Embeds the chunks of the plans waiting, up to an embedding batch of chunks at a time.</summary>
        private async Task EmbedAsync(CancellationToken cancellationToken)
        {
            while (await toEmbed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var plans = new List<DocumentPlan>();
                var chunks = 0;
                while (chunks < pipeline.Options.EmbedBatchSize && toEmbed.Reader.TryRead(out var plan))
                {
                    plans.Add(plan);
                    chunks += plan.ToEmbed.Count();
                }

                try
                {
                    await pipeline.EmbedAsync([.. plans.SelectMany(plan => plan.ToEmbed)], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    FailAll(plans.Select(plan => plan.Work.DocumentId), exception);
                    continue;
                }

                foreach (var plan in plans)
                {
                    await toWrite.Writer.WriteAsync(plan, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Writes the plans waiting, up to a write batch per transaction.</summary>
        private async Task WriteAsync(CancellationToken cancellationToken)
        {
            while (await toWrite.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var plans = Drain(toWrite.Reader, pipeline.Options.WriteBatchSize);
                try
                {
                    var written = await pipeline.WriteAsync(plans, attempt: 1, cancellationToken).ConfigureAwait(false);
                    Finish([.. written.Select(item => item.Outcome)]);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    FailAll(plans.Select(plan => plan.Work.DocumentId), exception);
                }
            }
        }

        // Only what is already waiting: a stage never waits for a full batch, so small bounds cannot stall it.
        private static List<T> Drain<T>(ChannelReader<T> reader, int most)
        {
            var items = new List<T>(most);
            while (items.Count < most && reader.TryRead(out var item))
            {
                items.Add(item);
            }

            return items;
        }

        private void FailAll(IEnumerable<string> documentIds, Exception exception) =>
            Finish([.. documentIds.Select(id => DocumentOutcome.Failed(id, $"{exception.GetType().Name}: {exception.Message}"))]);

        /// <summary>Counts and reports finished documents, then frees their slots (in that order, so progress never lags the slots).</summary>
        private void Finish(IReadOnlyCollection<DocumentOutcome> outcomes)
        {
            if (outcomes.Count == 0)
            {
                return;
            }

            foreach (var outcome in outcomes)
            {
                pipeline.Telemetry.Record(outcome);
            }

            tally.Done(outcomes);
            pipeline.Telemetry.InFlight(-outcomes.Count);
            slots.Release(outcomes.Count);
        }
    }
}
