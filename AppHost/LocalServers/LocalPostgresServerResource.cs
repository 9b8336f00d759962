namespace Aspire.Hosting.ApplicationModel;

/// <summary>A PostgreSQL server installed on this machine, run by Aspire as an executable.</summary>
public sealed class LocalPostgresServerResource(string name, string command, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: "/"), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}
