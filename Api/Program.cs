using Microsoft.Extensions.Options;
using RedisAspire.Api.Apis;
using RedisAspire.Api.Apis.Identity;
using RedisAspire.Api.Extensions;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Limits;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddCallerIdentity();
builder.AddTenantRateLimits();
builder.AddRequestBodyLimits();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestBodyLimits();

app.MapDefaultEndpoints();
app.MapApiDocument();
app.MapDevelopmentTokenApi(app.Environment, app.Services.GetRequiredService<IOptions<CallerIdentityOptions>>().Value);
app.MapRedisAspireApi();

app.Run();

/// <summary>The Api's entry point, named so that in-process tests can host it.</summary>
public partial class Program;
