namespace RedisAspire.Tests.Infrastructure;

/// <summary>One export request an <see cref="OtlpReceiver"/> received: whose, which signal, when, and its body as sent.</summary>
/// <param name="Service">The service that exported it, from the path it was sent to.</param>
/// <param name="Signal"><c>logs</c>, <c>traces</c> or <c>metrics</c>.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
/// <param name="Body">The protobuf body, uncompressed.</param>
internal sealed record OtlpExport(string Service, string Signal, DateTimeOffset ReceivedAt, byte[] Body);
