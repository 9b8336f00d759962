namespace RedisAspire.Core.Retrieval;

/// <summary>How a refresh chooses the hot set (<c>HotSet:Policy</c>).</summary>
public enum HotSetPolicy
{
    /// <summary>The most-asked documents, each tenant's within its share while others ask too; the newest fill what asks leave.</summary>
    MostAsked,

    /// <summary>The newest documents by updated_at, whatever was asked: for traffic that follows what changed last.</summary>
    Newest,

    /// <summary><see cref="HotSetOptions.NewestShare"/> of the hot set for the newest documents, the rest for the most asked.</summary>
    Mixed,
}
