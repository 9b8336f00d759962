namespace RedisAspire.Api.Apis;

/// <summary>A queued operation: read its progress at <c>/operations/{OperationId}</c>.</summary>
/// <param name="OperationId">The operation's id.</param>
/// <param name="Messages">How many writes and removals it carries.</param>
public sealed record OperationAccepted(string OperationId, int Messages);
