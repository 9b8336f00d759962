namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The application database of a PostgreSQL server (a local executable or a container), created by the AppHost
/// with the <c>vector</c> extension before any service is let in.
/// </summary>
public sealed class VectorDatabaseResource(string name, string databaseName, IResourceWithConnectionString parent)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
