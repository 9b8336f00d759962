using Microsoft.Extensions.Logging;
using Npgsql;

namespace RedisAspire.Core.Retrieval;

/// <summary>A read replica an embedding version's cold tier sends its searches to, what they must have seen, and where that is reported.</summary>
/// <param name="DataSource">The replica.</param>
/// <param name="Freshness">The primary's positions at the index's invalidations.</param>
/// <param name="Telemetry">Counts which server answered each search.</param>
/// <param name="Logger">Says why a search went to the primary after all.</param>
internal sealed record ColdTierReplica(NpgsqlDataSource DataSource, ReplicaFreshness Freshness, RetrievalTelemetry Telemetry, ILogger Logger);
