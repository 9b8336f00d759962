namespace RedisAspire.Web.Forms;

/// <summary>What is wrong with a form before it is sent, by field (the Api's names: <c>k</c>, <c>filters.tenant</c>).</summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public IReadOnlyDictionary<string, string> ByField => errors;

    /// <summary>The message for a field, or null.</summary>
    public string? this[string field] => errors.GetValueOrDefault(field);

    /// <summary>Records the first thing wrong with a field.</summary>
    public void Add(string field, string message) => errors.TryAdd(field, message);
}
