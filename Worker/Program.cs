using Npgsql;
using RedisAspire.Worker;

// A web host only for /health and /alive: the Worker's work is done by hosted services.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("cache");
builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => dataSource.UseVector());
builder.Services.AddHostedService<ServerCapabilitiesReporter>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
