using System.Text;

namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>Something the app put out, as it was put out: a console's text, an export's protobuf, an answer, a page.</summary>
/// <param name="Where">What it is, as a failure names it.</param>
/// <param name="Content">Its bytes.</param>
internal sealed record Observation(string Where, byte[] Content)
{
    public static Observation OfText(string where, string text) => new(where, Encoding.UTF8.GetBytes(text));
}
