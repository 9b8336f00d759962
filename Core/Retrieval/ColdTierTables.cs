using System.Globalization;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The cold tier's table of each embedding version: <c>documents</c> for the first, <c>documents_v{n}</c> for each
/// re-embedding since, so the version being built never touches the one queries read.
/// </summary>
internal static class ColdTierTables
{
    /// <summary>The table of version 1, and of every database that was never re-embedded.</summary>
    public const string First = "documents";

    /// <summary>The table of embedding version <paramref name="version"/> (1 or more).</summary>
    public static string Of(int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return version == 1 ? First : string.Create(CultureInfo.InvariantCulture, $"{First}_v{version}");
    }

    /// <summary>Whether <paramref name="table"/> is a name <see cref="Of"/> gives: the only names SQL text is built with.</summary>
    public static bool IsValid(string? table) =>
        table == First
        || (table is not null && table.StartsWith(First + "_v", StringComparison.Ordinal)
            && int.TryParse(table.AsSpan(First.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && version > 1 && Of(version) == table);

    /// <summary>Throws unless <paramref name="table"/> <see cref="IsValid"/>.</summary>
    public static string Require(string table) =>
        IsValid(table) ? table : throw new ArgumentException($"'{table}' is not a cold-tier table name.", nameof(table));
}
