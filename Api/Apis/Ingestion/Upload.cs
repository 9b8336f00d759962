using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Ingestion;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>An upload's documents, or the 403 of one whose tenant the caller may not use.</summary>
internal sealed record Upload(IReadOnlyList<UploadedDocument> Documents, ProblemHttpResult? Forbidden);
