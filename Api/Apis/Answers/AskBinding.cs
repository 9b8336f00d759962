using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Answers;

namespace RedisAspire.Api.Apis.Answers;

/// <summary>An ask request read: its question, K and conversation, every field that is wrong named.</summary>
internal static class AskBinding
{
    /// <summary>The question <paramref name="request"/> asks of <paramref name="tenant"/>; null, with what is wrong in <paramref name="errors"/>, when it is not valid.</summary>
    public static AnswerQuestion? ToQuestion(this AskRequest request, string tenant, RequestErrors errors)
    {
        if (TextCheck.Error(request.Question, "question", AskRequest.MaxQuestionLength) is { } question)
        {
            errors.Add("question", question);
        }

        errors.Require(request.K is >= 1 and <= AskRequest.MaxK, "k", $"k must be between 1 and {AskRequest.MaxK}; it is {request.K}.");
        var turns = request.Context ?? [];
        errors.Require(turns.Count <= AskRequest.MaxContextTurns, "context", $"context holds {turns.Count} turns; at most {AskRequest.MaxContextTurns} are allowed.");
        var context = new List<ConversationTurn>(turns.Count);
        for (var index = 0; index < Math.Min(turns.Count, AskRequest.MaxContextTurns); index++)
        {
            var field = $"context[{index}]";
            if (turns[index] is not { } turn)
            {
                errors.Add(field, "A turn must be an object with a role and a text.");
                continue;
            }

            var role = EnumName.Parse<ConversationRole>(turn.Role);
            errors.Require(role is not null, $"{field}.role", $"role '{turn.Role}' is unknown; use user or assistant.");
            var text = TextCheck.Error(turn.Text, $"{field}.text", AskRequest.MaxTurnLength);
            if (text is not null)
            {
                errors.Add($"{field}.text", text);
            }

            if (role is { } known && text is null)
            {
                context.Add(new ConversationTurn(known, turn.Text!));
            }
        }

        return errors.Any ? null : new AnswerQuestion(tenant, request.Question!, context, request.K);
    }
}
