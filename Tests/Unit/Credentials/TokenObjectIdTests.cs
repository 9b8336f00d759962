using System.Buffers.Text;
using System.Text;
using RedisAspire.Core.Credentials;

namespace RedisAspire.Tests.Unit.Credentials;

[Trait("Category", "Unit")]
public sealed class TokenObjectIdTests
{
    [Fact]
    public void TheUserNameIsTheTokensObjectId() =>
        Assert.Equal("6f1c2a9e-0000-4a5b-9c1d-2e3f4a5b6c7d", TokenObjectId.Read(Token("""{"aud":"https://redis.azure.com","oid":"6f1c2a9e-0000-4a5b-9c1d-2e3f4a5b6c7d"}""")));

    [Fact]
    public void ATokenWithoutAnObjectIdIsRefusedWithoutShowingTheToken()
    {
        var token = Token("""{"aud":"https://redis.azure.com","sub":"someone"}""");

        var refused = Assert.Throws<FormatException>(() => TokenObjectId.Read(token));

        Assert.Contains("'oid'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SomethingThatIsNotAJwtIsRefused() =>
        Assert.Throws<FormatException>(() => TokenObjectId.Read("an-access-key"));

    private static string Token(string payload) =>
        $"{Base64Url.EncodeToString("""{"alg":"RS256"}"""u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.signature";
}
