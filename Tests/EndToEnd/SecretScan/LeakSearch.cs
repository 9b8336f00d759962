using System.Text;
using System.Text.RegularExpressions;

namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>Searches what an app put out for every form of every known secret, and for anything shaped like a JWT.</summary>
internal static partial class LeakSearch
{
    private const int ExcerptBytes = 60;

    public static IReadOnlyList<Leak> Find(KnownSecrets secrets, IEnumerable<Observation> observations)
    {
        var leaks = new List<Leak>();
        foreach (var observation in observations)
        {
            foreach (var secret in secrets.All)
            {
                foreach (var form in secret.Forms)
                {
                    var at = observation.Content.AsSpan().IndexOf(form);
                    if (at >= 0)
                    {
                        leaks.Add(new Leak(secret.Name, observation.Where, Excerpt(secrets, observation.Content, at, form.Length)));
                        break;
                    }
                }
            }

            // Read one character per byte, so that a match's place is its place in the bytes: a JWT is ASCII, and protobuf's
            // binary fields or multi-byte characters around it do not move it.
            if (KnownSecrets.JwtShaped().Match(Encoding.Latin1.GetString(observation.Content)) is { Success: true } jwt)
            {
                leaks.Add(new Leak("a JWT-shaped string", observation.Where, Excerpt(secrets, observation.Content, jwt.Index, jwt.Length)));
            }
        }

        return leaks;
    }

    /// <summary>The bytes around a find, the find itself masked, and anything in them that could be part of a secret too.</summary>
    private static string Excerpt(KnownSecrets secrets, byte[] content, int at, int length)
    {
        var start = Math.Max(0, at - ExcerptBytes);
        var end = Math.Min(content.Length, at + length + ExcerptBytes);
        var before = Readable(secrets, content.AsSpan(start, at - start));
        var after = Readable(secrets, content.AsSpan(at + length, end - at - length));

        // A window's edge may cut through another secret, which then no longer matches in full: drop the cut word.
        before = start > 0 ? CutAtStart().Replace(before, "") : before;
        after = end < content.Length ? CutAtEnd().Replace(after, "") : after;
        return before + "***" + after;
    }

    private static string Readable(KnownSecrets secrets, ReadOnlySpan<byte> bytes)
    {
        var text = new string([.. Encoding.UTF8.GetString(bytes).Select(character => char.IsControl(character) || character == '\uFFFD' ? '·' : character)]);
        // Ids, hashes and keys nobody told the search about look alike: none of them is worth showing.
        return TokenLike().Replace(secrets.Mask(text), "***");
    }

    [GeneratedRegex(@"[A-Za-z0-9+/=_\-]{20,}")]
    private static partial Regex TokenLike();

    [GeneratedRegex(@"^[A-Za-z0-9+/=_.\-]+")]
    private static partial Regex CutAtStart();

    [GeneratedRegex(@"[A-Za-z0-9+/=_.\-]+$")]
    private static partial Regex CutAtEnd();
}
