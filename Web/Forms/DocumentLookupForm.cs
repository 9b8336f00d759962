namespace RedisAspire.Web.Forms;

/// <summary>The Documents page's find form: a document's id, and the tenant it is expected to belong to.</summary>
public sealed class DocumentLookupForm
{
    /// <summary>The tenant; empty to accept whichever owns the id (the dashboard, an admin, sees every tenant's).</summary>
    public string Tenant { get; set; } = "";

    public string Id { get; set; } = "";

    /// <summary>What is wrong, by the field the Api would name.</summary>
    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (Tenant.Trim().Length > 0 && DocumentRules.TenantError(Tenant.Trim()) is { } tenant)
        {
            errors.Add("tenant", tenant);
        }

        if (DocumentRules.IdError(Id.Trim()) is { } id)
        {
            errors.Add("id", id);
        }

        return errors;
    }
}
