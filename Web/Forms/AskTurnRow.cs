namespace RedisAspire.Web.Forms;

/// <summary>One earlier turn of the conversation on the Answers page's form.</summary>
public sealed class AskTurnRow
{
    public string Role { get; set; } = "user";
    public string Text { get; set; } = "";
}
