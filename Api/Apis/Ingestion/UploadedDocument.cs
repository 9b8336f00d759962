using RedisAspire.Core.Ingestion;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>A document of an upload and where it comes from (<c>menu.jsonl:3</c>, <c>ferry.md</c>).</summary>
internal sealed record UploadedDocument(string Where, SourceDocument Document);
