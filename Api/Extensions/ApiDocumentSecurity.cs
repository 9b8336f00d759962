using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RedisAspire.Api.Identity;

namespace RedisAspire.Api.Extensions;

/// <summary>
/// Who may call each operation, in the OpenAPI document: a bearer token for every operation but the anonymous ones, and
/// the admin role for the operations on every tenant (OpenAPI 3.1 lets a requirement list roles). Clients, the reference
/// pages and tests of a running Api read it there rather than keep a list of their own.
/// </summary>
internal sealed class ApiDocumentSecurity(IOptions<CallerIdentityOptions> identity) : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The security scheme's name in the document's components.</summary>
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token of Microsoft Entra ID; in Development, one of POST /dev/token.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        List<string> roles = metadata.OfType<IAuthorizeData>().Any(data => data.Policy == CallerPolicies.Admin) ? [identity.Value.AdminRole] : [];
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = roles }];
        return Task.CompletedTask;
    }
}
