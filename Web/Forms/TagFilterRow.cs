namespace RedisAspire.Web.Forms;

/// <summary>A filter on a further TAG field: its exact value.</summary>
public sealed class TagFilterRow
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}
