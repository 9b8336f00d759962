using System.Globalization;
using System.Text;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>
/// The words of a bot's questions: each document has <see cref="QuestionsPerDocument"/> distinct questions (a topic
/// each, from its title or a phrase of its text), and each question <see cref="Wordings"/> wordings that differ in
/// template, filler, synonyms and word order, as people ask one thing in several ways. First-time questions are
/// worded from a random phrase and template of their own and are never asked again.
/// </summary>
internal static class BotWordings
{
    public const int QuestionsPerDocument = 3;
    public const int Wordings = 6;

    private const int TopicWords = 6;

    private static readonly string[] PassageTemplates =
    [
        "What does the manual say about {0}?",
        "Can you explain {0}?",
        "Tell me about {0}.",
        "How does {0} work?",
        "I have a question about {0}",
        "{0}?",
        "Where do I find information on {0}?",
        "Please explain {0} to me.",
    ];

    private static readonly string[] DishTemplates =
    [
        "Do you serve {0}?",
        "Is {0} on the menu?",
        "How much is the {0}?",
        "What is in the {0}?",
        "Can I order {0} tonight?",
        "Which allergens does the {0} have?",
        "Tell me about the {0}.",
        "{0}?",
    ];

    private static readonly string[] PageTemplates =
    [
        "What is your {0}?",
        "Tell me about the {0}.",
        "Where can I read the {0}?",
        "What does the {0} say?",
        "Can you explain the {0}?",
        "{0}?",
        "I need to know about the {0}",
        "Please summarise the {0} for me.",
    ];

    private static readonly string[] Openers = ["", "Hi, ", "Quick question: ", "Hello! ", "Sorry to bother you, ", "Hey, "];
    private static readonly string[] Closers = ["", " Thanks!", " Thank you.", " please", " Cheers.", ""];

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["create"] = "make", ["use"] = "employ", ["using"] = "employing", ["returns"] = "gives back", ["show"] = "display",
        ["change"] = "modify", ["remove"] = "delete", ["default"] = "standard", ["example"] = "sample", ["specify"] = "set",
        ["allowed"] = "permitted", ["following"] = "next", ["must"] = "has to", ["may"] = "can", ["large"] = "big",
        ["small"] = "little", ["new"] = "fresh", ["value"] = "setting", ["begin"] = "start", ["end"] = "finish",
        ["served"] = "offered", ["staff"] = "employees", ["patients"] = "people in care", ["guests"] = "diners",
    };

    /// <summary>Wording <paramref name="wording"/> of question <paramref name="question"/> about <paramref name="source"/>.</summary>
    public static string Text(QuestionSource source, int question, int wording)
    {
        var topic = Topic(source, question, offset: null);
        var templates = Templates(source.Kind);
        // Each question starts from a different template, so question 0's first wording and question 1's do not share one.
        var template = templates[(wording + (3 * question)) % templates.Length];
        if (wording % 2 == 1)
        {
            topic = Swap(topic);
        }

        if (wording % 3 == 2)
        {
            topic = Reorder(topic);
        }

        return Frame(template, topic, Openers[(wording + question) % Openers.Length], Closers[(2 * wording + question) % Closers.Length]);
    }

    /// <summary>A first-time question about <paramref name="source"/>: a phrase at a random place, a random frame.</summary>
    public static string FirstTime(QuestionSource source, Random random)
    {
        var templates = Templates(source.Kind);
        var topic = Topic(source, question: random.Next(QuestionsPerDocument), offset: random);
        if (random.Next(2) == 1)
        {
            topic = Swap(topic);
        }

        return Frame(templates[random.Next(templates.Length)], topic, Openers[random.Next(Openers.Length)], Closers[random.Next(Closers.Length)]);
    }

    private static string[] Templates(QuestionKind kind) => kind switch
    {
        QuestionKind.Dish => DishTemplates,
        QuestionKind.Page => PageTemplates,
        _ => PassageTemplates,
    };

    private static string Frame(string template, string topic, string opener, string closer)
    {
        var body = string.Format(CultureInfo.InvariantCulture, template, topic);
        if (opener.Length > 0 && !body.StartsWith("I ", StringComparison.Ordinal))
        {
            body = char.ToLowerInvariant(body[0]) + body[1..];
        }

        return (opener + body + closer).Trim();
    }

    /// <summary>
    /// What question <paramref name="question"/> is about: a sample document's first question names its title, its
    /// others and a passage's name a phrase of the text at its start, middle or end (or at a random place).
    /// </summary>
    private static string Topic(QuestionSource source, int question, Random? offset)
    {
        if (source.Title is { } title && question == 0 && offset is null)
        {
            return title.ToLowerInvariant();
        }

        var words = Words(source.Text);
        var length = Math.Min(TopicWords, words.Length);
        var last = Math.Max(0, words.Length - length);
        var start = offset is null
            ? question * last / (QuestionsPerDocument - 1)
            : offset.Next(last + 1);
        return string.Join(' ', words.Skip(start).Take(length));
    }

    private static string[] Words(string text)
    {
        var words = new List<string>();
        foreach (var raw in text.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim('.', ',', ';', ':', '?', '!', '(', ')', '"', '\'', '[', ']');
            if (word.Length > 0)
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    /// <summary>The topic with its words' synonyms where it has any.</summary>
    private static string Swap(string topic) =>
        string.Join(' ', topic.Split(' ').Select(word => Synonyms.TryGetValue(word, out var other) ? other : word));

    /// <summary>The topic's last words first ("the index of a table" → "a table the index of"), as hurried typing does.</summary>
    private static string Reorder(string topic)
    {
        var words = topic.Split(' ');
        if (words.Length < 4)
        {
            return topic;
        }

        var cut = words.Length / 2;
        var text = new StringBuilder();
        text.AppendJoin(' ', words[cut..]).Append(' ').AppendJoin(' ', words[..cut]);
        return text.ToString();
    }
}
