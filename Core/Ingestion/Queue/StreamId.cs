using System.Globalization;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>A Redis stream entry id (<c>milliseconds-sequence</c>), ordered as Redis orders them.</summary>
internal readonly record struct StreamId(ulong Milliseconds, ulong Sequence) : IComparable<StreamId>
{
    /// <summary>Reads <c>1714521600000-3</c>; throws a <see cref="FormatException"/> on anything else.</summary>
    public static StreamId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? new StreamId(milliseconds, sequence)
                : throw new FormatException($"'{text}' is not a stream entry id.");
    }

    public int CompareTo(StreamId other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);

    public static bool operator <(StreamId left, StreamId right) => left.CompareTo(right) < 0;

    public static bool operator >(StreamId left, StreamId right) => left.CompareTo(right) > 0;

    public static bool operator <=(StreamId left, StreamId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StreamId left, StreamId right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Milliseconds}-{Sequence}";
}
