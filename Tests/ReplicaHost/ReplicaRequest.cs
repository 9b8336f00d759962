using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.ReplicaHost;

/// <summary>One request from a test. Every reply carries the request's <see cref="Id"/>.</summary>
/// <param name="Op">get | stampede | answer-stampede (Key: the question) | watch-copy | hang-holding-lock | stats | consume-and-hang | consume-with-pipeline | pipeline-report.</param>
/// <param name="Callers">stampede, answer-stampede: concurrent callers.</param>
/// <param name="FactoryMs">How long the factory takes.</param>
/// <param name="StartAtUnixMs">stampede, answer-stampede: when to start, so that several replicas start together.</param>
/// <param name="TimeoutMs">watch-copy: how long to watch.</param>
/// <param name="Queue">consume-and-hang, consume-with-pipeline: the ingestion queue's settings, consumer name included.</param>
/// <param name="Pipeline">consume-with-pipeline: the pipeline's tiers and settings.</param>
public sealed record ReplicaRequest(
    string Id,
    string Op,
    string Key,
    CachePolicy? Policy = null,
    int Callers = 1,
    int FactoryMs = 0,
    long StartAtUnixMs = 0,
    int TimeoutMs = 5000,
    IngestionQueueOptions? Queue = null,
    PipelineSettings? Pipeline = null);
