using System.Text;
using System.Text.Json;
using RedisAspire.Tests.EndToEnd.SecretScan;

namespace RedisAspire.Tests.Unit;

/// <summary>The whole-app secret scan's search: it finds a secret in any form it could be written in, and never shows it.</summary>
[Trait("Category", "Unit")]
public sealed class LeakSearchTests
{
    // A signing key whose base64 has '+', '/' and padding, so that its JSON, URL and base64url forms all differ from it.
    private static readonly byte[] KeyBytes = [0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF, .. Enumerable.Range(0, 26).Select(i => (byte)(i * 7))];
    private static readonly string Key = Convert.ToBase64String(KeyBytes);
    private const string Password = "0f3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b3d5f7a9c0e2b4d";

    public static TheoryData<string, byte[]> KeyForms => new()
    {
        { "as configured", Text($"signing with {Key} now") },
        { "escaped for JSON", Text(JsonSerializer.Serialize(new { key = Key })) },
        { "escaped for a URL", Text($"GET /x?key={Uri.EscapeDataString(Key)} HTTP/1.1") },
        { "base64url", Text($"jwk k={Key.Replace('+', '-').Replace('/', '_').TrimEnd('=')} done") },
        { "hex", Text($"key bytes {Convert.ToHexString(KeyBytes)} done") },
        { "raw bytes in a binary body", [0x0A, 0x20, .. KeyBytes, 0x12, 0x00] },
    };

    [Theory]
    [MemberData(nameof(KeyForms))]
    public void AKeyIsFoundInEveryFormAndTheFailureNamesItWithoutShowingIt(string form, byte[] content)
    {
        var secrets = Secrets();

        var leak = Assert.Single(LeakSearch.Find(secrets, [new Observation($"the console output of api ({form})", content)]));

        Assert.Equal(("the signing key", $"the console output of api ({form})"), (leak.Secret, leak.Where));
        Assert.Contains("***", leak.Excerpt, StringComparison.Ordinal);
        AssertShowsNoPartOf(Key, leak.ToString());
        AssertShowsNoPartOf(Convert.ToHexString(KeyBytes), leak.ToString());
    }

    [Fact]
    public void APasswordInAConnectionStringIsFoundAsThePasswordAndAsTheConnectionString()
    {
        var secrets = Secrets();
        var connectionString = $"Host=127.0.0.1;Port=5432;Username=postgres;Password={Password};Database=db";
        secrets.Add("the connection string of db", connectionString);

        var leaks = LeakSearch.Find(secrets, [Observation.OfText("traces exported by worker", $"db.connection_string\u0012\u0040{connectionString}\u001a")]);

        Assert.Equal(["the connection string of db", "the password"], leaks.Select(leak => leak.Secret).Order(StringComparer.Ordinal));
        Assert.All(leaks, leak => AssertShowsNoPartOf(Password, leak.ToString()));
        Assert.Contains("Host=127.0.0.1", leaks.Single(leak => leak.Secret == "the password").Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void AJwtNoOneToldTheSearchAboutIsFoundAndMasked()
    {
        var jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ3ZWIiLCJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJlLW9mLXRoZS1kYXNoYm9hcmQ";

        var leak = Assert.Single(LeakSearch.Find(Secrets(), [Observation.OfText("logs exported by web", $"Authorization: Bearer {jwt}\nnext line")]));

        Assert.Equal("a JWT-shaped string", leak.Secret);
        Assert.Contains("Authorization: Bearer ***", leak.Excerpt, StringComparison.Ordinal);
        AssertShowsNoPartOf(jwt, leak.ToString());
    }

    [Fact]
    public void AJwtAmongBinaryFieldsIsMaskedWhereItIs()
    {
        var jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ3ZWIiLCJyb2xlcyI6WyJhZG1pbiJdfQ.c2lnbmF0dXJlLW9mLXRoZS1kYXNoYm9hcmQ";
        // Bytes that are no UTF-8, and a character that is two bytes of it, before the token, as in a protobuf body.
        byte[] content = [.. Enumerable.Repeat((byte)0xFF, 30), .. Text("é bearer "), .. Text(jwt), 0x1A, 0x05, .. Text(" tail")];

        var leak = Assert.Single(LeakSearch.Find(Secrets(), [new Observation("logs exported by web", content)]));

        Assert.Contains("bearer ***", leak.Excerpt, StringComparison.Ordinal);
        AssertShowsNoPartOf(jwt, leak.ToString());
    }

    [Fact]
    public void ASecretCutByTheExcerptsEdgeIsNotShownInPart()
    {
        var secrets = Secrets();
        // Each one's excerpt (60 bytes either side) ends ten characters into the other, too few to look like a key.
        var content = Text($"{Key}{new string(' ', 50)}{Password} and more");

        var leaks = LeakSearch.Find(secrets, [new Observation("the answer to GET /status (200)", content)]);

        Assert.Equal(["the password", "the signing key"], leaks.Select(leak => leak.Secret).Order(StringComparer.Ordinal));
        Assert.All(leaks, leak => AssertShowsNoPartOf(Password, leak.ToString()));
        Assert.All(leaks, leak => AssertShowsNoPartOf(Key, leak.ToString()));
    }

    [Fact]
    public void OutputWithoutTheSecretsHasNoLeak()
    {
        var other = Convert.ToBase64String(KeyBytes.Reverse().ToArray());
        var content = Text($"Password={Password[..^1]}x signing with {other}; Bearer not-a-jwt; eyJhbGciOiJIUzI1NiJ9 alone");

        Assert.Empty(LeakSearch.Find(Secrets(), [new Observation("the console output of worker", content)]));
    }

    [Fact]
    public void AValueTooShortToSearchForIsRefusedRatherThanFoundEverywhere() =>
        Assert.Throws<InvalidOperationException>(() => new KnownSecrets().Add("a short password", "hunter2"));

    private static KnownSecrets Secrets()
    {
        var secrets = new KnownSecrets();
        secrets.Add("the signing key", Key);
        secrets.Add("the password", Password);
        return secrets;
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>No run of eight characters of <paramref name="secret"/> is in <paramref name="shown"/>.</summary>
    private static void AssertShowsNoPartOf(string secret, string shown)
    {
        for (var start = 0; start + 8 <= secret.Length; start++)
        {
            Assert.False(shown.Contains(secret.Substring(start, 8), StringComparison.Ordinal), "the failure shows part of a secret");
        }
    }
}
