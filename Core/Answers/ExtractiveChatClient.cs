using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RedisAspire.Core.Answers;

/// <summary>
/// The local answerer, a chat client so that answers take one path whichever generator writes them: it reads the
/// passages and the question back out of the prompt (<see cref="AnswerPrompt"/>), scores each sentence of the passages
/// by the distinct words it shares with the question (earlier questions of the conversation count half), and quotes the
/// best ones, each followed by its passage's <c>[n]</c>. Deterministic: the same prompt gives the same answer.
/// </summary>
public sealed partial class ExtractiveChatClient(int maxSentences = 3) : IChatClient
{
    /// <summary>The model name answers report: the scoring's version, so that a change of it is a new cache key.</summary>
    public const string ModelName = "extractive-overlap-1";

    /// <summary>What it answers when no sentence shares a word with the question.</summary>
    public const string NoAnswer = "None of the passages found answers this question.";

    private static readonly HashSet<string> StopWords = new(
        [
            "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i", "in",
            "is", "it", "its", "me", "my", "of", "on", "or", "our", "should", "that", "the", "their", "there", "this", "to",
            "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your",
        ],
        StringComparer.Ordinal);

    private readonly ChatClientMetadata metadata = new(AnswerGenerator.LocalName, defaultModelId: ModelName);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = AnswerPrompt.Read(messages)
            ?? throw new ArgumentException("The local answerer reads prompts made by AnswerPrompt.Build only.", nameof(messages));
        var answer = Answer(prompt.Passages, prompt.Question, prompt.EarlierQuestions);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = ModelName });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The answer to <paramref name="question"/>: the best sentences of <paramref name="passages"/>, in passage order, each cited.</summary>
    internal string Answer(IReadOnlyList<Passage> passages, string question, IReadOnlyList<string?> earlierQuestions)
    {
        var asked = Words(question);
        var earlier = earlierQuestions.Where(text => text is not null).SelectMany(text => Words(text!)).Where(word => !asked.Contains(word)).ToHashSet(StringComparer.Ordinal);
        var scored = new List<(int Passage, int Position, int Score, string Sentence)>();
        foreach (var passage in passages)
        {
            var position = 0;
            foreach (var sentence in Sentences(passage.Text))
            {
                var words = Words(sentence);
                // Doubled so that an earlier question's word counts half of one in the question itself, in integers.
                var score = (2 * words.Count(asked.Contains)) + words.Count(earlier.Contains);
                if (score > 0)
                {
                    scored.Add((passage.Number, position, score, sentence));
                }

                position++;
            }
        }

        // Best first; ties go to the earlier passage (retrieval ranked it closer) and the earlier sentence.
        var chosen = scored.OrderByDescending(item => item.Score).ThenBy(item => item.Passage).ThenBy(item => item.Position).Take(maxSentences)
            .OrderBy(item => item.Passage).ThenBy(item => item.Position).ToList();
        if (chosen.Count == 0)
        {
            return NoAnswer;
        }

        var answer = new StringBuilder();
        foreach (var (passage, _, _, sentence) in chosen)
        {
            answer.Append(answer.Length == 0 ? string.Empty : " ").Append(sentence).Append(" [").Append(passage).Append(']');
        }

        return answer.ToString();
    }

    /// <summary>The sentences of <paramref name="text"/>: cut after '.', '!' or '?' followed by whitespace.</summary>
    internal static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(sentence => sentence.Trim()).Where(sentence => sentence.Length > 0);

    /// <summary>The distinct content words of <paramref name="text"/>, lower-cased, stop words and one-letter words left out.</summary>
    internal static HashSet<string> Words(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(match => match.Value)
            .Where(word => word.Length > 1 && !StopWords.Contains(word)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
