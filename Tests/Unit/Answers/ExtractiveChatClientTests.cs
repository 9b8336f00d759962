using Microsoft.Extensions.AI;
using RedisAspire.Core.Answers;

namespace RedisAspire.Tests.Unit.Answers;

[Trait("Category", "Unit")]
public sealed class ExtractiveChatClientTests
{
    private static readonly Passage[] Passages =
    [
        new(1, "ferry#0", "ferry", "Ferry timetable",
            "The harbour ferry leaves the north quay every twenty minutes. Tickets are sold on board. Bicycles travel free."),
        new(2, "insulin#0", "insulin", "Insulin storage",
            "Keep unopened insulin vials in the refrigerator. An opened vial keeps for 28 days at room temperature."),
        new(3, "parking#0", "parking", null, "Parking at the quay costs two euros an hour."),
    ];

    [Fact]
    public async Task ItQuotesTheSentencesThatShareTheMostWordsWithTheQuestionEachCitedByItsPassage()
    {
        using var client = new ExtractiveChatClient(maxSentences: 2);

        var response = await client.GetResponseAsync(AnswerPrompt.Build("How often does the ferry leave the north quay?", [], Passages));

        Assert.Equal("The harbour ferry leaves the north quay every twenty minutes. [1] Parking at the quay costs two euros an hour. [3]", response.Text);
        Assert.Equal([1, 3], AnswerPrompt.CitedNumbers(response.Text));
        Assert.Equal(ExtractiveChatClient.ModelName, response.ModelId);
    }

    [Fact]
    public async Task TheSameQuestionGetsTheSameAnswerEveryTime()
    {
        using var client = new ExtractiveChatClient();
        var prompt = AnswerPrompt.Build("How long does an opened insulin vial keep?", [], Passages);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetResponseAsync(prompt)));

        Assert.Single(answers.Select(answer => answer.Text).Distinct());
        Assert.StartsWith("Keep unopened insulin vials in the refrigerator. [2] An opened vial keeps for 28 days at room temperature. [2]", answers[0].Text);
    }

    [Fact]
    public async Task AnEarlierQuestionOfTheConversationHelpsAFollowUpThatNamesNoSubject()
    {
        using var client = new ExtractiveChatClient(maxSentences: 1);
        ConversationTurn[] context = [new(ConversationRole.User, "Tell me about insulin."), new(ConversationRole.Assistant, "Insulin is kept cold.")];

        var response = await client.GetResponseAsync(AnswerPrompt.Build("And once opened?", context, Passages));

        Assert.Equal("An opened vial keeps for 28 days at room temperature. [2]", response.Text);
    }

    [Fact]
    public async Task AQuestionNoPassageSharesAWordWithIsToldSoAndCitesNothing()
    {
        using var client = new ExtractiveChatClient();

        var response = await client.GetResponseAsync(AnswerPrompt.Build("Who painted the lighthouse?", [], Passages));

        Assert.Equal(ExtractiveChatClient.NoAnswer, response.Text);
        Assert.Empty(AnswerPrompt.CitedNumbers(response.Text));
    }

    [Fact]
    public void ThePromptCarriesEachPassageWithItsDocumentAndTitleAndReadsBackAsItWasBuilt()
    {
        var messages = AnswerPrompt.Build("Where is the ferry?", [new(ConversationRole.User, "Hello")], Passages);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.User], messages.Select(message => message.Role));
        Assert.Contains("[2] document: insulin | title: Insulin storage\nKeep unopened insulin", messages[^1].Text);
        var read = AnswerPrompt.Read(messages)!.Value;
        Assert.Equal("Where is the ferry?", read.Question);
        Assert.Equal(["ferry", "insulin", "parking"], read.Passages.Select(passage => passage.DocumentId));
        Assert.Equal([Passages[0].Text, Passages[1].Text, Passages[2].Text], read.Passages.Select(passage => passage.Text));
        Assert.Null(read.Passages[2].Title);
        Assert.Equal(["Hello"], read.EarlierQuestions);
    }

    [Fact]
    public async Task APromptItDidNotMakeIsRefused()
    {
        using var client = new ExtractiveChatClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "Just chat.")]));
        Assert.Equal(AnswerGenerator.LocalName, client.GetService<ChatClientMetadata>()!.ProviderName);
    }
}
