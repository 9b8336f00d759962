using RedisAspire.Core.Ingestion;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>A document an import could not ingest; the import went on with the others.</summary>
/// <param name="DocumentId">The document's id, as far as it could be read.</param>
/// <param name="Error">What was wrong, naming the field when the document was not valid.</param>
internal sealed record IngestionFailure(string DocumentId, string Error);
