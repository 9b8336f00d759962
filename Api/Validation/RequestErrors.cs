using Microsoft.AspNetCore.Http.HttpResults;

namespace RedisAspire.Api.Validation;

/// <summary>
/// The one way a request becomes a 400: every problem found in it, by the request field it is about (dotted and
/// indexed as the caller wrote it: <c>filters.tenant</c>, <c>documents[2].body</c>), answered together as a
/// validation ProblemDetails.
/// </summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    /// <summary>Whether any problem was found.</summary>
    public bool Any => Count > 0;

    /// <summary>How many problems were found.</summary>
    public int Count { get; private set; }

    /// <summary>Records that <paramref name="field"/> is wrong, and why.</summary>
    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
        Count++;
    }

    /// <summary>Records that <paramref name="field"/> is wrong for this reason only, in place of any found before.</summary>
    public void Replace(string field, string message)
    {
        if (errors.Remove(field, out var earlier))
        {
            Count -= earlier.Count;
        }

        Add(field, message);
    }

    /// <summary>Records <paramref name="message"/> for <paramref name="field"/> unless <paramref name="valid"/>.</summary>
    public void Require(bool valid, string field, string message)
    {
        if (!valid)
        {
            Add(field, message);
        }
    }

    /// <summary>Records a problem an engine rule found (null when it found none), under <paramref name="prefix"/> when given.</summary>
    public void Add(Core.InputError? error, string? prefix = null)
    {
        if (error is not null)
        {
            Add(prefix is null ? error.Field : $"{prefix}.{error.Field}", error.Message);
        }
    }

    /// <summary>Records every problem an engine rule found, under <paramref name="prefix"/> when given.</summary>
    public void AddRange(IEnumerable<Core.InputError> found, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(found);
        foreach (var error in found)
        {
            Add(error, prefix);
        }
    }

    /// <summary>The 400 naming every field found wrong.</summary>
    public ValidationProblem ToProblem(string title = DefaultTitle) => TypedResults.ValidationProblem(
        errors.ToDictionary(error => error.Key, error => error.Value.ToArray(), StringComparer.Ordinal), title: title);

    /// <summary>The 400 for one wrong field.</summary>
    public static ValidationProblem Problem(string field, string message, string title = DefaultTitle)
    {
        var errors = new RequestErrors();
        errors.Add(field, message);
        return errors.ToProblem(title);
    }

    /// <summary>The 400 for a problem an engine rule found.</summary>
    public static ValidationProblem Problem(Core.InputError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Problem(error.Field, error.Message);
    }

    /// <summary>
    /// The 400 for an <see cref="ArgumentException"/> an operation threw about a caller's value, under
    /// <paramref name="field"/> (its ParamName when not given), without the " (Parameter 'x')" the exception appends.
    /// </summary>
    public static ValidationProblem Problem(ArgumentException exception, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.ParamName is { } name
            ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
        return Problem(field ?? exception.ParamName ?? "request", message);
    }

    private const string DefaultTitle = "The request is not valid";
}
