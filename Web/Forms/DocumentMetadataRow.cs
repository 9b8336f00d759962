namespace RedisAspire.Web.Forms;

/// <summary>A further field of a document to write: a TAG value (text) or a NUMERIC value of the index, or anything worth keeping.</summary>
public sealed class DocumentMetadataRow
{
    /// <summary>The kinds a value may be.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["text", "number"];

    public string Name { get; set; } = "";

    public string Value { get; set; } = "";

    /// <summary><c>text</c> (a TAG field takes one) or <c>number</c> (a NUMERIC field takes one).</summary>
    public string Kind { get; set; } = "text";
}
