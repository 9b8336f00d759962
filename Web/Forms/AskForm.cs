using System.Globalization;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>
/// The Answers page's form: a question, K, the tenant and the conversation so far, checked against the rules the Api
/// applies, then turned into an <see cref="AskRequest"/>.
/// </summary>
public sealed class AskForm
{
    /// <summary>Who may have said an earlier turn.</summary>
    public static readonly IReadOnlyList<string> Roles = ["user", "assistant"];

    public string Question { get; set; } = "";
    public string K { get; set; } = "5";
    public string Tenant { get; set; } = "";

    /// <summary>The earlier turns, oldest first.</summary>
    public List<AskTurnRow> Context { get; } = [];

    /// <summary>What is wrong, by the field the Api would name.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (string.IsNullOrWhiteSpace(Question))
        {
            errors.Add("question", "Write a question.");
        }
        else if (Question.Length > AskRequest.MaxQuestionLength)
        {
            errors.Add("question", $"At most {AskRequest.MaxQuestionLength:N0} characters; this is {Question.Length:N0}.");
        }

        if (!int.TryParse(K, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k is < 1 or > AskRequest.MaxK)
        {
            errors.Add("k", $"k is a whole number from 1 to {AskRequest.MaxK}.");
        }

        if (Context.Count > AskRequest.MaxContextTurns)
        {
            errors.Add("context", $"At most {AskRequest.MaxContextTurns} earlier turns; this has {Context.Count}.");
        }

        foreach (var (turn, index) in Context.Select((turn, index) => (turn, index)))
        {
            if (!Roles.Contains(turn.Role))
            {
                errors.Add($"context[{index}].role", "A turn is the user's or the assistant's.");
            }

            if (string.IsNullOrWhiteSpace(turn.Text))
            {
                errors.Add($"context[{index}].text", "Write what was said, or remove the turn.");
            }
            else if (turn.Text.Length > AskRequest.MaxTurnLength)
            {
                errors.Add($"context[{index}].text", $"At most {AskRequest.MaxTurnLength:N0} characters; this is {turn.Text.Length:N0}.");
            }
        }

        return errors;
    }

    /// <summary>The request; call only when <see cref="Validate"/> found nothing.</summary>
    public AskRequest ToRequest() => new()
    {
        Question = Question.Trim(),
        K = int.Parse(K, NumberStyles.Integer, CultureInfo.InvariantCulture),
        Tenant = Tenant.Trim() is { Length: > 0 } tenant ? tenant : null,
        Context = Context.Count == 0 ? null : [.. Context.Select(turn => new AskTurn { Role = turn.Role, Text = turn.Text.Trim() })],
    };
}
