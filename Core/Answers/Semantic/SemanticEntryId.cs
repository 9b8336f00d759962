using System.Globalization;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// An entry's id says which index holds its question (<c>VERSION.DIMENSION.RANDOM</c>), so an entry can be removed
/// from its index even when its record has already expired.
/// </summary>
internal readonly record struct SemanticEntryId(int EmbeddingVersion, int Dimension, string Id)
{
    /// <summary>A new id for a question of <paramref name="embeddingVersion"/> with <paramref name="dimension"/> dimensions.</summary>
    public static SemanticEntryId New(int embeddingVersion, int dimension) => new(
        embeddingVersion, dimension, string.Create(CultureInfo.InvariantCulture, $"{embeddingVersion}.{dimension}.{Guid.NewGuid():N}"));

    /// <summary>The id <paramref name="id"/> stands for; null when it is not one this cache made.</summary>
    public static SemanticEntryId? Parse(string id)
    {
        var parts = id.Split('.');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var dimension) && dimension >= 1
            && parts[2].Length == 32
                ? new SemanticEntryId(version, dimension, id)
                : null;
    }
}
