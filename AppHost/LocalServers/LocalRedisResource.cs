namespace Aspire.Hosting.ApplicationModel;

/// <summary>A redis-server installed on this machine, run by Aspire as an executable.</summary>
public sealed class LocalRedisResource(string name, string command, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: "/"), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The StackExchange.Redis form Aspire's own Redis resource gives: <c>host:port,password=...</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
