using RedisAspire.Core.Caching;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Worker;

// A web host only for /health and /alive: the Worker's work is done by hosted services.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRedisConnections();
builder.AddPostgresDataSource();
builder.Services.AddServerSelfCheck();
builder.Services.AddHostedService<ServerCapabilitiesReporter>();
builder.Services.AddResultCache();
builder.AddRetrievalTiers();
builder.Services.AddHostedService<HotSetSchedule>();
builder.AddIngestionPipeline();
builder.Services.AddIngestionQueue();

// OnStart is the operator's own setting, not a request: when no Root is set, that folder alone is allowed.
builder.Services.AddFolderImport(options =>
{
    if (!options.IsEnabled && !string.IsNullOrWhiteSpace(options.OnStart))
    {
        options.Root = Path.GetFullPath(options.OnStart);
    }
});

// After the tiers' own hosted services, which create the hot index and migrate PostgreSQL at start.
builder.Services.AddHostedService<IngestionWorker>();
builder.Services.AddHostedService<SampleCorpusSeeder>();
builder.Services.AddHostedService<FolderImportOnStart>();
builder.Services.AddHostedService<ReembedWorker>();

// Until the first refresh, every search goes to PostgreSQL: the first documents in load the hot set.
builder.Services.AddHostedService<HotSetColdStart>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
