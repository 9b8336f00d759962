using RedisAspire.Api.Apis;
using RedisAspire.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapStatusApi();
app.MapCacheApi();
app.MapCacheEmbeddingsApi();
app.MapCacheEvictionApi();
app.MapVectorSearchApi();
app.MapDocumentsApi();
app.MapIndexesApi();
app.MapHotSetApi();
app.MapIngestionApi();
app.MapFolderImportApi();
app.MapReembedApi();

app.Run();
