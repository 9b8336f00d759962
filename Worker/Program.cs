using Npgsql;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Worker;

// A web host only for /health and /alive: the Worker's work is done by hosted services.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisClient("cache");
builder.AddNpgsqlDataSource("db", configureDataSourceBuilder: dataSource => dataSource.UseVector());
builder.Services.AddHostedService<ServerCapabilitiesReporter>();
builder.Services.AddResultCache();
builder.AddEmbeddings();
builder.AddVectorHotTier();
builder.AddColdTier();
builder.AddTwoTierRetrieval();
builder.Services.AddHostedService<HotSetSchedule>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
