using System.Globalization;

namespace RedisAspire.Web.Services;

/// <summary>How the dashboard writes numbers: one place, so every page reads the same.</summary>
public static class Format
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly string[] ByteUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>1536 → "1.5 KiB"; binary units, as Redis counts memory.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(Culture, $"{bytes} B")
            : string.Create(Culture, $"{value:0.#} {ByteUnits[unit]}");
    }

    /// <summary>0.8734 → "87.3%"; "–" when there is nothing to divide.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } value && double.IsFinite(value) ? string.Create(Culture, $"{value * 100:0.#}%") : "–";

    /// <summary>The share <paramref name="part"/> is of <paramref name="whole"/>; null when the whole is 0.</summary>
    public static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>Milliseconds as a person reads them: "0.42 ms", "12 ms", "1.5 s".</summary>
    public static string Milliseconds(double? milliseconds) => milliseconds switch
    {
        null => "–",
        < 1 => string.Create(Culture, $"{milliseconds:0.##} ms"),
        < 1000 => string.Create(Culture, $"{milliseconds:0.#} ms"),
        _ => Duration(TimeSpan.FromMilliseconds(milliseconds.Value)),
    };

    /// <summary>A duration in its two largest units: "850 ms", "4.2 s", "3 min 20 s", "2 h 5 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } value)
        {
            return "–";
        }

        var sign = value < TimeSpan.Zero ? "-" : "";
        value = value.Duration();
        return sign + value switch
        {
            { TotalSeconds: < 1 } => string.Create(Culture, $"{value.TotalMilliseconds:0} ms"),
            { TotalMinutes: < 1 } => string.Create(Culture, $"{value.TotalSeconds:0.#} s"),
            { TotalHours: < 1 } => Two(value.Minutes, "min", value.Seconds, "s"),
            { TotalDays: < 1 } => Two(value.Hours, "h", value.Minutes, "min"),
            _ => Two((int)value.TotalDays, "d", value.Hours, "h"),
        };
    }

    /// <summary>"3 min 20 s", or "3 min" when the smaller unit is 0.</summary>
    private static string Two(int large, string largeUnit, int small, string smallUnit) =>
        small == 0 ? $"{large} {largeUnit}" : $"{large} {largeUnit} {small} {smallUnit}";

    /// <summary>How long ago <paramref name="at"/> was: "12 s ago", "never".</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? $"{Duration(now - value)} ago" : "never";

    /// <summary>A count with thousands separators: 12345 → "12,345".</summary>
    public static string Count(long count) => count.ToString("N0", Culture);
}
