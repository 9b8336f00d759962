using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Integration.Embeddings;

/// <summary>One real all-MiniLM-L6-v2 for the whole run: loading it (about 87 MB) is the slow part.</summary>
public sealed class LocalModelFixture : IDisposable
{
    internal LocalEmbeddingGenerator Generator { get; } = new();

    public void Dispose() => Generator.Dispose();
}

[CollectionDefinition(Name)]
public sealed class LocalModelCollection : ICollectionFixture<LocalModelFixture>
{
    public const string Name = "Local embedding model";
}
