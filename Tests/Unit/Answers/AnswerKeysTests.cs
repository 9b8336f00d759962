using RedisAspire.Core.Answers;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Answers;

[Trait("Category", "Unit")]
public sealed class AnswerKeysTests
{
    private static readonly AnswerQuestion Question = new("harbour", "When does the ferry leave?", [], 5);

    [Theory]
    [InlineData("When does the ferry leave?")]
    [InlineData("when does the ferry leave")]
    [InlineData("  WHEN   does the\tferry leave ?! ")]
    [InlineData("When does the ferry leave…")]
    [InlineData("When does the ｆｅｒｒｙ leave?")]
    public void EquivalentSpellingsOfAQuestionShareOneKey(string spelling)
    {
        Assert.Equal("when does the ferry leave", AnswerKeys.Normalize(spelling));
        Assert.Equal(Key(Question), Key(Question with { Question = spelling }));
    }

    [Fact]
    public void ClosingBracketsAndQuotesAreKeptBecauseTheyCanCarryMeaning()
    {
        Assert.Equal("what does 'quay' mean", AnswerKeys.Normalize("What does 'quay' mean?"));
        Assert.Equal("what is in section (b)", AnswerKeys.Normalize("What is in section (b)?"));
    }

    [Fact]
    public void TheTenantTheContextKAndTheWordsEachChangeTheKey()
    {
        var keys = new[]
        {
            Key(Question),
            Key(Question with { Tenant = "lighthouse" }),
            Key(Question with { Context = [new(ConversationRole.User, "We are at the north quay.")] }),
            Key(Question with { Context = [new(ConversationRole.Assistant, "We are at the north quay.")] }),
            Key(Question with { Context = [new(ConversationRole.User, "We are at the south quay.")] }),
            Key(Question with { K = 3 }),
            Key(Question with { Question = "When does the ferry arrive?" }),
        };

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void TheGeneratorItsModelAndTheEmbeddingVersionEachChangeTheKey()
    {
        string[] keys =
        [
            AnswerKeys.Key(Question, "Local", "extractive-overlap-1", 1),
            AnswerKeys.Key(Question, "AzureOpenAI", "extractive-overlap-1", 1),
            AnswerKeys.Key(Question, "Local", "gpt-4o-mini", 1),
            AnswerKeys.Key(Question, "Local", "extractive-overlap-1", 2),
        ];

        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void AContextOfEquivalentSpellingsSharesTheKey()
    {
        var context = Question with { Context = [new(ConversationRole.User, "We are at the north quay.")] };

        Assert.Equal(Key(context), Key(context with { Context = [new(ConversationRole.User, "  we are at the NORTH quay ")] }));
        Assert.Equal("none", AnswerKeys.ContextHash([]));
    }

    [Fact]
    public void KeysAndTagsAreTheTenantsAndValidCacheNames()
    {
        var key = Key(Question);
        string[] tags = [AnswerKeys.TenantTag("harbour"), AnswerKeys.DocumentTag("harbour", "ferry-times"), AnswerKeys.DocumentTag("harbour", "odd*{id}?")];

        Assert.StartsWith("tenant:harbour:answers:", key);
        Assert.Null(CacheKeys.CheckKey(key));
        Assert.All(tags, tag => Assert.Equal("harbour", TenantKeys.OwnerOf(tag)));
        Assert.All(tags, tag => Assert.Null(CacheKeys.CheckTag(tag)));
        Assert.Equal("tenant:harbour:answers:doc:ferry-times", tags[1]);
        Assert.NotEqual(AnswerKeys.DocumentTag("harbour", "ferry-times"), AnswerKeys.DocumentTag("lighthouse", "ferry-times"));
    }

    private static string Key(AnswerQuestion question) => AnswerKeys.Key(question, "Local", "extractive-overlap-1", 1);
}
