namespace RedisAspire.Web.Forms;

/// <summary>A filter on a further NUMERIC field: a minimum, a maximum, or both.</summary>
public sealed class NumberFilterRow
{
    public string Name { get; set; } = "";
    public string Min { get; set; } = "";
    public string Max { get; set; } = "";
}
