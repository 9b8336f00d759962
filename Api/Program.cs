using RedisAspire.Api.Apis;
using RedisAspire.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapApiDocument();
app.MapRedisAspireApi();

app.Run();

/// <summary>The Api's entry point, named so that in-process tests can host it.</summary>
public partial class Program;
