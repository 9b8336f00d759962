using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RedisAspire.Core.Answers;

/// <summary>
/// The messages a generator is given: instructions, the earlier turns, then one user message with the passages
/// numbered, each with its document's id and title, and the question. Every generator reads the same prompt; the
/// local one reads the passages and the question back out of it (<see cref="Read"/>).
/// </summary>
public static partial class AnswerPrompt
{
    /// <summary>The instructions.</summary>
    public const string Instructions =
        "Answer the question from the numbered passages only. After each statement, cite the passages it comes from " +
        "as [1], [2] and so on. If the passages do not answer the question, say so.";

    private const string PassagesHeading = "Passages:";
    private const string QuestionPrefix = "Question: ";

    /// <summary>The messages for <paramref name="question"/> answered from <paramref name="passages"/>.</summary>
    public static IReadOnlyList<ChatMessage> Build(string question, IReadOnlyList<ConversationTurn> context, IReadOnlyList<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(passages);
        var messages = new List<ChatMessage> { new(ChatRole.System, Instructions) };
        messages.AddRange(context.Select(turn => new ChatMessage(turn.Role == ConversationRole.User ? ChatRole.User : ChatRole.Assistant, turn.Text)));
        var text = new StringBuilder(PassagesHeading).Append('\n');
        foreach (var passage in passages)
        {
            // One line each for the header and the text: what the local answerer reads back, and all a model needs.
            text.Append('[').Append(passage.Number.ToString(CultureInfo.InvariantCulture)).Append("] document: ").Append(passage.DocumentId)
                .Append(" | title: ").Append(OneLine(passage.Title ?? string.Empty)).Append('\n')
                .Append(OneLine(passage.Text)).Append("\n\n");
        }

        text.Append(QuestionPrefix).Append(OneLine(question));
        messages.Add(new ChatMessage(ChatRole.User, text.ToString()));
        return messages;
    }

    /// <summary>
    /// The passages (number, document id, title and text; the chunk id is not in the prompt) and the question of a
    /// prompt <see cref="Build"/> made, from its last user message, with the earlier users' turns; null when it is not such a prompt.
    /// </summary>
    public static (IReadOnlyList<Passage> Passages, string Question, IReadOnlyList<string> EarlierQuestions)? Read(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var last = list.FindLastIndex(message => message.Role == ChatRole.User);
        if (last < 0 || list[last].Text is not { } text || !text.StartsWith(PassagesHeading, StringComparison.Ordinal))
        {
            return null;
        }

        var lines = text.Split('\n');
        var passages = new List<Passage>();
        string? question = null;
        for (var index = 1; index < lines.Length; index++)
        {
            if (Header().Match(lines[index]) is { Success: true } header && index + 1 < lines.Length)
            {
                var title = header.Groups["title"].Value;
                passages.Add(new Passage(
                    int.Parse(header.Groups["number"].Value, CultureInfo.InvariantCulture), string.Empty, header.Groups["document"].Value,
                    title.Length == 0 ? null : title, lines[++index]));
            }
            else if (lines[index].StartsWith(QuestionPrefix, StringComparison.Ordinal))
            {
                question = lines[index][QuestionPrefix.Length..];
            }
        }

        var earlier = list.Take(last).Where(message => message.Role == ChatRole.User).Select(message => message.Text).ToList();
        return question is null ? null : (passages, question, earlier);
    }

    /// <summary>The passage numbers <paramref name="answer"/> cites with <c>[n]</c> markers, in order of first citation.</summary>
    public static IReadOnlyList<int> CitedNumbers(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return [.. Marker().Matches(answer).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct()];
    }

    private static string OneLine(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^\[(?<number>[0-9]{1,4})\] document: (?<document>\S+) \| title: (?<title>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"\[([0-9]{1,4})\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();
}
